import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { tasks } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { findTask, type TaskView } from './task-view.ts';

/** Puts a done task back to do (completed by mistake, or more work needed); a task still to do is a 409. */
export async function reopenTask(db: Db, actor: Actor, taskId: string): Promise<TaskView> {
  return db.transaction(async (tx) => {
    const before = await findTask(tx, actor.organisationId, taskId);
    const [reopened] = await tx
      .update(tasks)
      .set({ status: 'todo', completedAt: null, completedByUserId: null, updatedAt: new Date() })
      .where(and(eq(tasks.organisationId, actor.organisationId), eq(tasks.id, taskId), eq(tasks.status, 'done')))
      .returning({ id: tasks.id });
    if (!reopened) throw new AppError('conflict', 'The task is not done');
    const after = await findTask(tx, actor.organisationId, taskId);
    await recordHistory(tx, actor, { type: 'task', id: taskId }, { action: 'update', before, after });
    return after;
  });
}
