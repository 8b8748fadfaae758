import type { Db } from '../../db/client.ts';
import { tasks } from '../../db/schema/index.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { assertTaskReferences } from './task-references.ts';
import type { TaskInput } from './task-input.ts';
import { findTask, type TaskView } from './task-view.ts';

/** Adds a task by hand to the firm's task list, for a client (and optionally one of its missions). */
export async function createTask(db: Db, actor: Actor, input: TaskInput): Promise<TaskView> {
  return db.transaction(async (tx) => {
    await assertTaskReferences(tx, actor.organisationId, input);
    const [row] = await tx
      .insert(tasks)
      .values({ ...input, source: 'manual', organisationId: actor.organisationId })
      .returning();
    await recordHistory(tx, actor, { type: 'task', id: row!.id }, { action: 'create', after: row! });
    return findTask(tx, actor.organisationId, row!.id);
  });
}
