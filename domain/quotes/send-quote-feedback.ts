import { assertQuoteCommand } from './quote-lifecycle.ts';
import type { QuoteView } from './quote-view.ts';
import { notifyQuoteAssignee, type QuoteNoticeDeps, type QuoteNoticeOutcome } from './notify-quote-assignee.ts';
import { recordQuoteEvent } from './record-quote-event.ts';

export interface QuoteFeedback {
  message: string;
  author?: string | undefined;
  /** The form's one-time id: a resubmitted form (double click, reload) records and emails once. */
  submissionId: string;
}

/**
 * The online page's feedback form (seed 002 "un formulaire de retour qui envoie un email au
 * commercial"): records the message in the quote's history (`feedback`) and emails it to the
 * assignee, once per submission (`feedback/<submissionId>`, `quote-feedback/<quoteId>/<submissionId>`).
 */
export async function sendQuoteFeedback(deps: QuoteNoticeDeps, quote: QuoteView, feedback: QuoteFeedback, at = new Date()): Promise<QuoteNoticeOutcome> {
  assertQuoteCommand(quote, 'sendFeedback');
  const detail = { message: feedback.message, ...(feedback.author ? { author: feedback.author } : {}) };
  await recordQuoteEvent(deps.db, quote, 'feedback', { detail, idempotencyKey: `feedback/${feedback.submissionId}`, at });
  return notifyQuoteAssignee(deps, quote, { kind: 'feedback', at, key: `quote-feedback/${quote.id}/${feedback.submissionId}`, message: feedback.message, author: feedback.author });
}
