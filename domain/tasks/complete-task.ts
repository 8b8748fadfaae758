import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { tasks } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { findTask, type TaskView } from './task-view.ts';

/** Marks a task done, recording who completed it and when; a task already done is a 409. */
export async function completeTask(db: Db, actor: Actor, taskId: string): Promise<TaskView> {
  return db.transaction(async (tx) => {
    const before = await findTask(tx, actor.organisationId, taskId);
    const now = new Date();
    // The status condition makes two concurrent completions a single one.
    const [done] = await tx
      .update(tasks)
      .set({ status: 'done', completedAt: now, completedByUserId: actor.kind === 'user' ? actor.userId : null, updatedAt: now })
      .where(and(eq(tasks.organisationId, actor.organisationId), eq(tasks.id, taskId), eq(tasks.status, 'todo')))
      .returning({ id: tasks.id });
    if (!done) throw new AppError('conflict', 'The task is already done');
    const after = await findTask(tx, actor.organisationId, taskId);
    await recordHistory(tx, actor, { type: 'task', id: taskId }, { action: 'update', before, after });
    return after;
  });
}
