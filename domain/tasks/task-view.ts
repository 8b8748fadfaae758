import { and, eq, getTableColumns, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clients, serviceRequests, tasks } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';

export type TaskRow = typeof tasks.$inferSelect;
/**
 * A task as staff see it: the row, its client's name, and for a client's portal request the
 * service asked for (the firm turns it into a mission line).
 */
export type TaskView = TaskRow & { clientName: string; requestedServiceId: string | null };

/** Selects task views matching `where` (which callers scope to the organisation). */
export function selectTasks(db: Db, where: SQL | undefined) {
  return db
    .select({ ...getTableColumns(tasks), clientName: clients.name, requestedServiceId: serviceRequests.serviceId })
    .from(tasks)
    .innerJoin(clients, eq(clients.id, tasks.clientId))
    .leftJoin(serviceRequests, eq(serviceRequests.taskId, tasks.id))
    .where(where);
}

/** Loads one task of the organisation, or 404. */
export async function findTask(db: Db, organisationId: string, taskId: string): Promise<TaskView> {
  const [row] = await selectTasks(db, and(eq(tasks.organisationId, organisationId), eq(tasks.id, taskId)));
  if (!row) throw AppError.notFound('Task');
  return row;
}
