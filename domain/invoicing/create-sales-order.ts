import type { Db } from '../../db/client.ts';
import { salesOrders, type SalesOrderSource } from '../../db/schema/index.ts';
import { businessDateOf } from '../calendar/paris-time.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { computeTotals } from './document-totals.ts';
import { resolveBillingParties } from './find-client-for-invoicing.ts';
import type { SalesOrderInput } from './invoicing-input.ts';
import { nextDocumentNumber } from './next-document-number.ts';
import type { SalesOrderView } from './sales-order-view.ts';

/**
 * Creates an open sales order (commande client) for a client from lines, numbered in the firm's
 * own order sequence (`CC-2026-00001`). `source` records where it comes from: `direct` from the
 * API, or — the seam for the quotes module — `{ kind: 'quote', quoteId }` when an accepted quote
 * is converted (the quote passes its lines, optional lines the client chose included).
 */
export async function createSalesOrder(db: Db, actor: Actor, input: SalesOrderInput, source: SalesOrderSource = { kind: 'direct' }, now = new Date()): Promise<SalesOrderView> {
  return db.transaction(async (tx) => {
    const { client, firm, assigneeUserId } = await resolveBillingParties(tx, actor.organisationId, input);
    const orderDate = input.orderDate ?? businessDateOf(now);
    const totals = computeTotals(input.lines);
    const { number } = await nextDocumentNumber(tx, firm.id, 'sales_order', Number(orderDate.slice(0, 4)));
    const [row] = await tx
      .insert(salesOrders)
      .values({
        organisationId: actor.organisationId,
        firmId: firm.id,
        clientId: client.id,
        number,
        source,
        orderDate,
        deliveryAddress: input.deliveryAddress ?? null,
        assigneeUserId,
        ...totals,
      })
      .returning();
    await recordHistory(tx, actor, { type: 'sales_order', id: row!.id }, { action: 'create', after: row! });
    return row!;
  });
}
