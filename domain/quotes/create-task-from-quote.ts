import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../history/record-history.ts';
import { createTask } from '../tasks/create-task.ts';
import { taskInputSchema } from '../tasks/task-input.ts';
import type { TaskView } from '../tasks/task-view.ts';
import { clientOfQuote } from './accepted-quote.ts';
import { assertQuoteCommand } from './quote-lifecycle.ts';
import { findQuote } from './quote-view.ts';
import { recordQuoteEvent } from './record-quote-event.ts';

/** A task from a quote: what to do; the client and (by default) the assignee come from the quote. */
export const quoteTaskInputSchema = taskInputSchema.pick({ title: true, description: true, assigneeUserId: true, dueDate: true });
export type QuoteTaskInput = z.infer<typeof quoteTaskInputSchema>;

/**
 * Seed 002's "Créer une tâche" on a quote: a task on the firm's list for the quote's client (or
 * the client its prospect became; 422 `quote_account_not_client` before the conversion),
 * assigned to the quote's assignee unless another is named. The quote's history records the
 * `task_created` event with the task's id.
 */
export async function createTaskFromQuote(db: Db, actor: Actor, quoteId: string, input: QuoteTaskInput): Promise<TaskView> {
  return db.transaction(async (tx) => {
    const quote = await findQuote(tx, actor.organisationId, quoteId);
    assertQuoteCommand(quote, 'createTask');
    const clientId = await clientOfQuote(tx, quote);
    const task = await createTask(tx, actor, { ...input, clientId, assigneeUserId: input.assigneeUserId === undefined ? quote.assigneeUserId : input.assigneeUserId });
    await recordQuoteEvent(tx, quote, 'task_created', { detail: { taskId: task.id, title: task.title } });
    return task;
  });
}
