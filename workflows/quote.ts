/**
 * The life of one sent quote (workflow id `quote/<id>`): the handler wiring and the main loop.
 * The state and transitions are in ./quote-machine.ts, the rules in domain/quotes/quote-lifecycle.ts.
 */
import { allHandlersFinished, condition, patched, setHandler } from '@temporalio/workflow';
import type { QuoteAcceptance } from '../domain/quotes/quote-lifecycle.ts';
import { PATCH_CANCEL_AT_PROVIDER, QuoteMachine } from './quote-machine.ts';
import {
  acceptQuoteUpdate,
  cancelQuoteUpdate,
  declineQuoteUpdate,
  quoteSignedSignal,
  quoteStateQuery,
  type ActorRef,
  type QuoteWorkflowInput,
  type QuoteWorkflowState,
} from './quote.contract.ts';

/**
 * Orchestrates one quote from its first send until it is answered. The database is the system
 * of record — every transition is applied by an activity calling the same use case the API
 * would — and the workflow decides when:
 *
 * - it sends the firm's automatic reminders on their days (09:00 Paris, `reminderDays` after
 *   the send) while the quote is unanswered;
 * - it expires the quote at the end of its validity (00:00 Paris the day after `validUntil`);
 * - the signature signal (e-signature webhook, built-in signing) accepts it: the first event
 *   counts, duplicates and events arriving after an answer are no-ops;
 * - the `accept` (manual "bon pour accord"), `decline` and `cancel` updates answer it.
 *
 * Once accepted, declined, expired or cancelled the workflow withdraws at Yousign the requests
 * the answer canceled (the client started signing online), then ends; a late signature then
 * finds no workflow and the use case refuses it (an expired quote can no longer be signed).
 */
export async function quote(input: QuoteWorkflowInput): Promise<QuoteWorkflowState> {
  const q = new QuoteMachine(input);

  setHandler(quoteStateQuery, () => q.state());
  setHandler(quoteSignedSignal, (event) => q.receiveSignature(event));
  setHandler(acceptQuoteUpdate, ({ actor, acceptance }) => q.exclusive(() => q.transition(actor, { command: 'accept', acceptance })), {
    validator: (_request: { actor: ActorRef; acceptance: QuoteAcceptance }) => q.requireAccepted('accept'),
  });
  setHandler(declineQuoteUpdate, ({ actor, reason }) => q.exclusive(() => q.transition(actor, { command: 'decline', reason })), {
    validator: (_request: { actor: ActorRef; reason: string }) => q.requireAccepted('decline'),
  });
  setHandler(cancelQuoteUpdate, (actor: ActorRef) => q.exclusive(() => q.transition(actor, { command: 'cancel' })), { validator: (_actor: ActorRef) => q.requireAccepted('cancel') });

  await q.load();
  while (q.waiting) {
    if (q.pendingSignature !== null) {
      await q.applyPendingSignature();
      continue;
    }
    const next = q.pendingReminders()[0];
    const wakeAt = next ? next.atMs : q.expiresAtMs;
    const remaining = wakeAt - Date.now();
    const interrupted = remaining > 0 && (await condition(() => q.pendingSignature !== null || !q.waiting, remaining));
    if (interrupted) continue;
    if (next) await q.remind(next.day);
    else await q.expire();
  }
  await condition(allHandlersFinished);
  if (patched(PATCH_CANCEL_AT_PROVIDER)) await q.cancelAtProvider();
  return q.state();
}
