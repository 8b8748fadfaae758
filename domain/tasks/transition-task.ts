import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { tasks } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { findTask, type TaskView } from './task-view.ts';

type TaskStatus = (typeof tasks.$inferSelect)['status'];

/**
 * Moves a task of the organisation from `from` to `to` (with the other columns `set` gives for
 * the instant of the change), recording the change in its history; a task not in `from` is a
 * 409 with `conflict` as its message. The status condition makes two concurrent changes a
 * single one.
 */
export async function transitionTask(
  db: Db,
  actor: Actor,
  taskId: string,
  transition: { from: TaskStatus; to: TaskStatus; set: (now: Date) => Partial<typeof tasks.$inferInsert>; conflict: string },
): Promise<TaskView> {
  return db.transaction(async (tx) => {
    const before = await findTask(tx, actor.organisationId, taskId);
    const now = new Date();
    const [changed] = await tx
      .update(tasks)
      .set({ ...transition.set(now), status: transition.to, updatedAt: now })
      .where(and(eq(tasks.organisationId, actor.organisationId), eq(tasks.id, taskId), eq(tasks.status, transition.from)))
      .returning({ id: tasks.id });
    if (!changed) throw new AppError('conflict', transition.conflict);
    const after = await findTask(tx, actor.organisationId, taskId);
    await recordHistory(tx, actor, { type: 'task', id: taskId }, { action: 'update', before, after });
    return after;
  });
}
