import type { Db } from '../../db/client.ts';
import { mayRunQuoteCommand } from './quote-lifecycle.ts';
import { recordQuoteEvent } from './record-quote-event.ts';
import { findQuote } from './quote-view.ts';

/**
 * One automatic reminder of a sent quote (the workflow's, on the firm's reminder days): recorded
 * once per quote and day however often the activity is retried; nothing for a quote that was
 * answered meanwhile.
 */
export async function sendAutomaticQuoteReminder(db: Db, input: { organisationId: string; quoteId: string; day: number; at: Date }): Promise<{ outcome: 'sent' | 'already_sent' | 'closed' }> {
  const quote = await findQuote(db, input.organisationId, input.quoteId);
  if (!mayRunQuoteCommand('remind', quote.status)) return { outcome: 'closed' };
  const recorded = await recordQuoteEvent(db, quote, 'reminded', { detail: { automatic: true, day: input.day }, idempotencyKey: `reminder/${input.day}`, at: input.at });
  return { outcome: recorded ? 'sent' : 'already_sent' };
}
