import type { Db } from '../../db/client.ts';
import type { Actor } from '../history/record-history.ts';
import type { TaskView } from './task-view.ts';
import { transitionTask } from './transition-task.ts';

/** Marks a task done, recording who completed it and when; a task already done is a 409. */
export async function completeTask(db: Db, actor: Actor, taskId: string): Promise<TaskView> {
  return transitionTask(db, actor, taskId, {
    from: 'todo',
    to: 'done',
    set: (now) => ({ completedAt: now, completedByUserId: actor.kind === 'user' ? actor.userId : null }),
    conflict: 'The task is already done',
  });
}
