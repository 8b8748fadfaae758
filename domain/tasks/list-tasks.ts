import { and, asc, count, eq, gte, isNull, lte, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { tasks } from '../../db/schema/index.ts';
import { offsetOf, type Page, type Pagination } from '../pagination.ts';
import { selectTasks, type TaskRow, type TaskView } from './task-view.ts';

export interface TaskFilter extends Pagination {
  /** A user's tasks, or `unassigned` for the ones nobody holds (client requests waiting for review). */
  assignee?: string | undefined;
  clientId?: string | undefined;
  missionId?: string | undefined;
  status?: TaskRow['status'] | undefined;
  source?: TaskRow['source'] | undefined;
  /** Due on or after this date (YYYY-MM-DD). */
  dueFrom?: string | undefined;
  /** Due on or before this date (YYYY-MM-DD). */
  dueTo?: string | undefined;
}

/** The firm's task list (gestion des tâches): filtered, soonest due first, undated last, stable by id. */
export async function listTasks(db: Db, organisationId: string, filter: TaskFilter): Promise<Page<TaskView>> {
  const conditions: SQL[] = [eq(tasks.organisationId, organisationId)];
  if (filter.assignee === 'unassigned') conditions.push(isNull(tasks.assigneeUserId));
  else if (filter.assignee) conditions.push(eq(tasks.assigneeUserId, filter.assignee));
  if (filter.clientId) conditions.push(eq(tasks.clientId, filter.clientId));
  if (filter.missionId) conditions.push(eq(tasks.missionId, filter.missionId));
  if (filter.status) conditions.push(eq(tasks.status, filter.status));
  if (filter.source) conditions.push(eq(tasks.source, filter.source));
  if (filter.dueFrom) conditions.push(gte(tasks.dueDate, filter.dueFrom));
  if (filter.dueTo) conditions.push(lte(tasks.dueDate, filter.dueTo));
  const where = and(...conditions);
  const [items, [total]] = await Promise.all([
    selectTasks(db, where).orderBy(asc(tasks.dueDate), asc(tasks.id)).limit(filter.pageSize).offset(offsetOf(filter)),
    db.select({ n: count() }).from(tasks).where(where),
  ]);
  return { items, page: filter.page, pageSize: filter.pageSize, total: total?.n ?? 0 };
}
