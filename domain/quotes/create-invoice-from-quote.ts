import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { quoteEvents } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../history/record-history.ts';
import { createDirectInvoice } from '../invoicing/create-invoice.ts';
import type { InvoiceView } from '../invoicing/invoice-view.ts';
import { acceptedLines, clientOfQuote } from './accepted-quote.ts';
import { assertQuoteCommand } from './quote-lifecycle.ts';
import { findQuote } from './quote-view.ts';
import { recordQuoteEvent } from './record-quote-event.ts';

/**
 * Seed 002's "Créer une facture depuis un devis": a draft invoice straight from an accepted
 * quote (no sales order), with the quote's lines as accepted, its firm and assignee, and the
 * quote's number as buyer reference. Once per quote: the `invoiced` event (unique key) holds the
 * invoice's id, written in the same transaction with the quote row locked, so a second or
 * concurrent request is refused with 409 `quote_already_invoiced`. A prospect not yet converted
 * into a client is refused (422 `quote_account_not_client`).
 */
export async function createInvoiceFromQuote(db: Db, actor: Actor, quoteId: string): Promise<InvoiceView> {
  return db.transaction(async (tx) => {
    const quote = await findQuote(tx, actor.organisationId, quoteId, { forUpdate: true });
    assertQuoteCommand(quote, 'invoice');
    const [existing] = await tx
      .select({ detail: quoteEvents.detail })
      .from(quoteEvents)
      .where(and(eq(quoteEvents.quoteId, quote.id), eq(quoteEvents.kind, 'invoiced')));
    if (existing) throw new AppError('conflict', 'An invoice already exists for this quote', { reason: 'quote_already_invoiced', invoiceId: existing.detail.invoiceId });
    const clientId = await clientOfQuote(tx, quote);
    const invoice = await createDirectInvoice(tx, actor, {
      clientId,
      firmId: quote.firmId,
      ...(quote.assigneeUserId ? { assigneeUserId: quote.assigneeUserId } : {}),
      ...(quote.number ? { buyerReference: `Devis ${quote.number}` } : {}),
      lines: acceptedLines(quote),
    });
    await recordQuoteEvent(tx, quote, 'invoiced', { detail: { invoiceId: invoice.id }, idempotencyKey: 'invoiced' });
    return invoice;
  });
}
