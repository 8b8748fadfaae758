import { AppError } from '../errors.ts';
import { emailQuote, type QuoteEmailDeps } from './email-quote.ts';
import { mayRunQuoteCommand } from './quote-lifecycle.ts';
import { findQuote } from './quote-view.ts';

/**
 * One automatic reminder of a sent quote (the workflow's, on the firm's reminder days): the
 * firm's reminder email to the quote's contact, sent and recorded once per quote and day however
 * often the activity is retried (`quote-reminder/<id>/auto-<day>`); nothing for a quote answered
 * meanwhile, nor for one whose contact has no email (staff see it in the history and remind by hand).
 */
export async function sendAutomaticQuoteReminder(deps: QuoteEmailDeps, input: { organisationId: string; quoteId: string; day: number; at: Date }): Promise<{ outcome: 'sent' | 'closed' | 'no_recipient' }> {
  const quote = await findQuote(deps.db, input.organisationId, input.quoteId);
  if (!mayRunQuoteCommand('remind', quote.status)) return { outcome: 'closed' };
  try {
    await emailQuote(deps, { organisationId: input.organisationId, quoteId: input.quoteId, kind: 'reminded', idempotencyKey: `quote-reminder/${quote.id}/auto-${input.day}`, detail: { automatic: true, day: input.day }, now: input.at });
  } catch (error) {
    if (error instanceof AppError && error.reason === 'quote_no_recipient') return { outcome: 'no_recipient' };
    throw error;
  }
  return { outcome: 'sent' };
}
