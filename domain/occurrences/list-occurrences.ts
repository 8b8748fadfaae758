import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { informationRequests, occurrences, tasks } from '../../db/schema/index.ts';
import { findMission } from '../missions/mission-view.ts';
import { offsetOf, type Page, type Pagination } from '../pagination.ts';

/** A created occurrence with the tasks and information requests it generated. */
export type OccurrenceView = typeof occurrences.$inferSelect & {
  tasks: Array<Pick<typeof tasks.$inferSelect, 'id' | 'title' | 'assigneeUserId' | 'dueDate' | 'status' | 'createdAt'>>;
  informationRequests: Array<Pick<typeof informationRequests.$inferSelect, 'id' | 'title' | 'contactId' | 'dueDate' | 'status' | 'createdAt'>>;
};

/** Lists the occurrences a mission's workflows created, by deadline, with what each generated. */
export async function listOccurrences(db: Db, organisationId: string, missionId: string, pagination: Pagination): Promise<Page<OccurrenceView>> {
  await findMission(db, organisationId, missionId);
  const where = and(eq(occurrences.organisationId, organisationId), eq(occurrences.missionId, missionId));
  const [rows, [total]] = await Promise.all([
    db.select().from(occurrences).where(where).orderBy(asc(occurrences.deadline), asc(occurrences.missionLineId), asc(occurrences.id)).limit(pagination.pageSize).offset(offsetOf(pagination)),
    db.select({ n: count() }).from(occurrences).where(where),
  ]);
  const ids = rows.map((row) => row.id);
  const [taskRows, requestRows] =
    ids.length === 0
      ? [[], []]
      : await Promise.all([
          db
            .select({ id: tasks.id, occurrenceId: tasks.occurrenceId, title: tasks.title, assigneeUserId: tasks.assigneeUserId, dueDate: tasks.dueDate, status: tasks.status, createdAt: tasks.createdAt })
            .from(tasks)
            .where(inArray(tasks.occurrenceId, ids))
            .orderBy(asc(tasks.id)),
          db
            .select({ id: informationRequests.id, occurrenceId: informationRequests.occurrenceId, title: informationRequests.title, contactId: informationRequests.contactId, dueDate: informationRequests.dueDate, status: informationRequests.status, createdAt: informationRequests.createdAt })
            .from(informationRequests)
            .where(inArray(informationRequests.occurrenceId, ids))
            .orderBy(asc(informationRequests.id)),
        ]);
  return {
    items: rows.map((row) => ({
      ...row,
      tasks: taskRows.filter((task) => task.occurrenceId === row.id).map(({ occurrenceId: _o, ...task }) => task),
      informationRequests: requestRows.filter((request) => request.occurrenceId === row.id).map(({ occurrenceId: _o, ...request }) => request),
    })),
    page: pagination.page,
    pageSize: pagination.pageSize,
    total: total?.n ?? 0,
  };
}
