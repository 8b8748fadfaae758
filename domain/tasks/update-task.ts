import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { tasks } from '../../db/schema/index.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { assertTaskReferences } from './task-references.ts';
import type { TaskPatch } from './task-input.ts';
import { findTask, type TaskView } from './task-view.ts';

/** Changes a task's title, description, assignee or due date; each changed field goes to the history. */
export async function updateTask(db: Db, actor: Actor, taskId: string, patch: TaskPatch): Promise<TaskView> {
  return db.transaction(async (tx) => {
    const before = await findTask(tx, actor.organisationId, taskId);
    await assertTaskReferences(tx, actor.organisationId, { assigneeUserId: patch.assigneeUserId });
    if (Object.keys(patch).length > 0) {
      await tx
        .update(tasks)
        .set({ ...patch, updatedAt: new Date() })
        .where(and(eq(tasks.organisationId, actor.organisationId), eq(tasks.id, taskId)));
    }
    const after = await findTask(tx, actor.organisationId, taskId);
    await recordHistory(tx, actor, { type: 'task', id: taskId }, { action: 'update', before, after });
    return after;
  });
}
