import type { Db } from '../../db/client.ts';
import type { Actor } from '../history/record-history.ts';
import type { TaskView } from './task-view.ts';
import { transitionTask } from './transition-task.ts';

/** Puts a done task back to do (completed by mistake, or more work needed); a task still to do is a 409. */
export async function reopenTask(db: Db, actor: Actor, taskId: string): Promise<TaskView> {
  return transitionTask(db, actor, taskId, { from: 'done', to: 'todo', set: () => ({ completedAt: null, completedByUserId: null }), conflict: 'The task is not done' });
}
