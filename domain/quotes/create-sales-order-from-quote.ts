import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { salesOrders } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../history/record-history.ts';
import { createSalesOrder } from '../invoicing/create-sales-order.ts';
import type { SalesOrderView } from '../invoicing/sales-order-view.ts';
import { acceptedLines, clientOfQuote } from './accepted-quote.ts';
import { assertQuoteCommand } from './quote-lifecycle.ts';
import { findQuote } from './quote-view.ts';

/**
 * Seed 002's "Créer une commande client depuis un devis": a sales order from an accepted quote,
 * with the quote's lines as accepted (the optional lines the client chose included, the others
 * not), the same firm and assignee, and `source: { kind: 'quote', quoteId, quoteNumber }`. Once
 * per quote (409 `quote_already_ordered`); a quote for a prospect not yet converted into a client
 * is refused (422 `quote_account_not_client`).
 */
export async function createSalesOrderFromQuote(db: Db, actor: Actor, quoteId: string, now = new Date()): Promise<SalesOrderView> {
  const quote = await findQuote(db, actor.organisationId, quoteId);
  assertQuoteCommand(quote, 'createSalesOrder');
  const clientId = await clientOfQuote(db, quote);
  const [existing] = await db
    .select({ id: salesOrders.id })
    .from(salesOrders)
    .where(and(eq(salesOrders.organisationId, actor.organisationId), sql`${salesOrders.source}->>'quoteId' = ${quote.id}`));
  if (existing) throw new AppError('conflict', 'A sales order already exists for this quote', { reason: 'quote_already_ordered', salesOrderId: existing.id });
  return createSalesOrder(
    db,
    actor,
    { clientId, firmId: quote.firmId, ...(quote.assigneeUserId ? { assigneeUserId: quote.assigneeUserId } : {}), lines: acceptedLines(quote) },
    { kind: 'quote', quoteId: quote.id, quoteNumber: quote.number ?? undefined },
    now,
  );
}
