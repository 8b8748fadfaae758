import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { invoices, type InvoiceKind } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { computeTotals, percentOf, type LineInput } from './document-totals.ts';
import { resolveBillingParties } from './find-client-for-invoicing.ts';
import { findInvoice, type InvoiceView } from './invoice-view.ts';
import type { DirectInvoiceInput, OrderInvoiceInput } from './invoicing-input.ts';
import { assertSalesOrderCommand } from './sales-order-lifecycle.ts';
import { findSalesOrder } from './sales-order-view.ts';

type Common = Pick<DirectInvoiceInput, 'buyerVatNumber' | 'buyerReference' | 'deliveryAddress' | 'notes'>;

async function insertDraft(
  tx: Db,
  actor: Actor,
  draft: Common & { kind: InvoiceKind; firmId: string; clientId: string; lines: LineInput[]; assigneeUserId: string | null; salesOrderId?: string; downPaymentPercent?: number; creditedInvoiceId?: string },
): Promise<InvoiceView> {
  const totals = computeTotals(draft.lines);
  const [row] = await tx
    .insert(invoices)
    .values({
      organisationId: actor.organisationId,
      firmId: draft.firmId,
      clientId: draft.clientId,
      kind: draft.kind,
      salesOrderId: draft.salesOrderId ?? null,
      downPaymentPercent: draft.downPaymentPercent === undefined ? null : draft.downPaymentPercent.toFixed(2),
      creditedInvoiceId: draft.creditedInvoiceId ?? null,
      buyerVatNumber: draft.buyerVatNumber ?? null,
      buyerReference: draft.buyerReference ?? null,
      deliveryAddress: draft.deliveryAddress ?? null,
      notes: draft.notes ?? null,
      assigneeUserId: draft.assigneeUserId,
      ...totals,
    })
    .returning();
  await recordHistory(tx, actor, { type: 'invoice', id: row!.id }, { action: 'create', after: row! });
  return findInvoice(tx, actor.organisationId, row!.id);
}

/** A draft invoice for a client, from lines typed by staff. */
export async function createDirectInvoice(db: Db, actor: Actor, input: DirectInvoiceInput): Promise<InvoiceView> {
  return db.transaction(async (tx) => {
    const { client, firm, assigneeUserId } = await resolveBillingParties(tx, actor.organisationId, input);
    return insertDraft(tx, actor, { ...input, kind: 'invoice', firmId: firm.id, clientId: client.id, assigneeUserId });
  });
}

const frenchPercent = (percent: number) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(percent);

/**
 * A draft invoice from a sales order. With `downPaymentPercent`: a down payment (acompte), one
 * line per VAT rate of the order for that share of its base. Without: the final invoice — the
 * order's lines, less one deduction line per VAT rate for each down payment already issued
 * (quantity −1, so every price stays positive as EN 16931 wants). Issuing the final invoice
 * marks the order invoiced.
 */
export async function createInvoiceFromSalesOrder(db: Db, actor: Actor, input: OrderInvoiceInput): Promise<InvoiceView> {
  return db.transaction(async (tx) => {
    let order;
    try {
      order = await findSalesOrder(tx, actor.organisationId, input.salesOrderId);
    } catch {
      throw AppError.invalid([{ field: 'salesOrderId', location: 'body', message: 'unknown sales order' }]);
    }
    assertSalesOrderCommand(order, 'invoice');
    const common = {
      ...input,
      deliveryAddress: input.deliveryAddress ?? order.deliveryAddress ?? undefined,
      firmId: order.firmId,
      clientId: order.clientId,
      assigneeUserId: input.assigneeUserId ?? order.assigneeUserId,
      salesOrderId: order.id,
    };
    if (input.downPaymentPercent !== undefined) {
      const percent = input.downPaymentPercent;
      const lines: LineInput[] = order.vatBreakdown.map((row) => ({
        label: `Acompte de ${frenchPercent(percent)} % sur la commande ${order.number}`,
        quantity: 1,
        unitPriceCents: percentOf(row.baseCents, percent),
        vatRate: row.vatRate,
        discountPercent: 0,
        nature: order.lines.find((line) => line.vatRate === row.vatRate)?.nature ?? 'services',
      }));
      return insertDraft(tx, actor, { ...common, kind: 'down_payment', lines, downPaymentPercent: percent });
    }
    const downPayments = await tx
      .select()
      .from(invoices)
      .where(and(eq(invoices.salesOrderId, order.id), eq(invoices.kind, 'down_payment'), ne(invoices.status, 'draft'), ne(invoices.status, 'cancelled')));
    const deductions: LineInput[] = downPayments.flatMap((downPayment) =>
      downPayment.lines.map((line) => ({
        label: `Déduction de l’acompte ${downPayment.number}`,
        quantity: -1,
        unitPriceCents: line.netCents,
        vatRate: line.vatRate,
        discountPercent: 0,
        nature: line.nature,
      })),
    );
    const orderLines: LineInput[] = order.lines.map(({ netCents: _net, vatCents: _vat, ...line }) => line);
    return insertDraft(tx, actor, { ...common, kind: 'final', lines: [...orderLines, ...deductions] });
  });
}
