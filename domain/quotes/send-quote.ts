import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { quotes } from '../../db/schema/index.ts';
import { businessDateOf } from '../calendar/paris-time.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { nextDocumentNumber } from '../invoicing/next-document-number.ts';
import { assertQuoteCommand } from './quote-lifecycle.ts';
import { findQuote, type QuoteView } from './quote-view.ts';

/**
 * The first send of a draft: takes the next number of the firm's gapless yearly quote sequence
 * (`D-2026-00042`, the year of the Paris date of sending) and marks the quote sent, in one
 * transaction. The counter row stays locked until commit, so concurrent first sends queue and a
 * failed send gives its number back (domain/invoicing/next-document-number.ts, shared with
 * invoices and sales orders). A quote already sent is refused (409): the next email is a reminder.
 * The email (and its `sent` event) follows, once committed (domain/quotes/email-quote.ts).
 */
export async function markQuoteSent(db: Db, actor: Actor, quoteId: string, options: { now?: Date } = {}): Promise<QuoteView> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const before = await findQuote(tx, actor.organisationId, quoteId, { forUpdate: true });
    assertQuoteCommand(before, 'send');
    const year = Number(businessDateOf(now).slice(0, 4));
    const { sequenceNumber, number } = await nextDocumentNumber(tx, before.firmId, 'quote', year);
    const [after] = await tx
      .update(quotes)
      .set({ status: 'sent', number, sequenceYear: year, sequenceNumber, sentAt: now, updatedAt: now })
      .where(eq(quotes.id, quoteId))
      .returning();
    await recordHistory(tx, actor, { type: 'quote', id: quoteId }, { action: 'update', before, after: after! });
    return after!;
  });
}
