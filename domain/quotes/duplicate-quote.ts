import type { Db } from '../../db/client.ts';
import { quotes } from '../../db/schema/index.ts';
import { addDays } from '../calendar/iso-date.ts';
import { businessDateOf } from '../calendar/paris-time.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { findQuoteSettings } from './quote-settings.ts';
import { findQuote, type QuoteView } from './quote-view.ts';

/**
 * Seed 002's "Dupliquer un devis": a new draft with the same account, contact, file, assignee,
 * title, notes, documents and lines (optional lines as they stand), a fresh validity from today,
 * and none of the original's history — no number, no sends, views, signature or events.
 */
export async function duplicateQuote(db: Db, actor: Actor, quoteId: string, now = new Date()): Promise<QuoteView> {
  return db.transaction(async (tx) => {
    const source = await findQuote(tx, actor.organisationId, quoteId);
    const settings = await findQuoteSettings(tx, actor.organisationId, source.firmId);
    const [row] = await tx
      .insert(quotes)
      .values({
        organisationId: actor.organisationId,
        firmId: source.firmId,
        origin: source.origin,
        accountKind: source.accountKind,
        clientId: source.clientId,
        prospectId: source.prospectId,
        contactId: source.contactId,
        prospectFileId: source.prospectFileId,
        assigneeUserId: source.assigneeUserId,
        title: source.title,
        validUntil: addDays(businessDateOf(now), settings.validityDays),
        notes: source.notes,
        documentIds: source.documentIds,
        lines: source.lines,
        vatBreakdown: source.vatBreakdown,
        totalExclTaxCents: source.totalExclTaxCents,
        totalVatCents: source.totalVatCents,
        totalInclTaxCents: source.totalInclTaxCents,
        duplicatedFromId: source.id,
      })
      .returning();
    await recordHistory(tx, actor, { type: 'quote', id: row!.id }, { action: 'create', after: row! });
    return row!;
  });
}
