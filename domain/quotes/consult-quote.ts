import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { quotes } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { mayRunQuoteCommand } from './quote-lifecycle.ts';
import { computeQuoteTotals } from './quote-totals.ts';
import { recordQuoteEvent } from './record-quote-event.ts';
import type { QuoteView } from './quote-view.ts';

/** The quote an online link opens (the link, verified, is the authority), or 404 when it may no longer be consulted. */
export async function findQuoteForLink(db: Db, quoteId: string): Promise<QuoteView> {
  const [quote] = await db.select().from(quotes).where(eq(quotes.id, quoteId));
  if (!quote || !mayRunQuoteCommand('consult', quote.status)) throw AppError.notFound('Quote');
  return quote;
}

/**
 * Records one view (`viewed`, with its instant) or one PDF download (`downloaded`) of the online
 * quote; a view also counts in the list's "vu" (`viewCount`).
 */
export async function recordQuoteConsultation(db: Db, quote: QuoteView, kind: 'viewed' | 'downloaded', at = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    await recordQuoteEvent(tx, quote, kind, { at });
    if (kind === 'viewed') await tx.update(quotes).set({ viewCount: sql`${quotes.viewCount} + 1` }).where(eq(quotes.id, quote.id));
  });
}

/**
 * The client's choice of optional lines on the online page: the optional lines whose positions
 * are given become selected (the others not), and the totals are recomputed by the same rule as
 * always. Only while the quote waits for its answer (409 otherwise); firm lines never change.
 */
export async function chooseOptionalLines(db: Db, actor: Actor, quoteId: string, selectedPositions: readonly number[]): Promise<QuoteView> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(quotes).where(eq(quotes.id, quoteId)).for('update');
    if (!before) throw AppError.notFound('Quote');
    if (!mayRunQuoteCommand('chooseOptions', before.status)) throw new AppError('conflict', `The quote is ${before.status}; its options can no longer change`, { reason: 'quote_status_conflict' });
    const lines = before.lines.map(({ netCents: _net, vatCents: _vat, ...line }, index) => ({ ...line, selected: line.optional && selectedPositions.includes(index) }));
    const totals = computeQuoteTotals(lines);
    const [after] = await tx.update(quotes).set({ ...totals, updatedAt: new Date() }).where(eq(quotes.id, quoteId)).returning();
    await recordHistory(tx, actor, { type: 'quote', id: quoteId }, { action: 'update', before, after: after! });
    const added = lines.flatMap((line, index) => (line.selected && !before.lines[index]!.selected ? [line.label] : []));
    if (added.length) await recordQuoteEvent(tx, after!, 'optional_line_added', { detail: { labels: added } });
    return after!;
  });
}
