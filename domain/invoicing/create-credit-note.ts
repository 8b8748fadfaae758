import type { Db } from '../../db/client.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { computeTotals, type LineInput } from './document-totals.ts';
import { assertInvoiceCommand, outstandingCents } from './invoice-lifecycle.ts';
import { findInvoice, findInvoiceRow, type InvoiceView } from './invoice-view.ts';
import type { CreditNoteInput } from './invoicing-input.ts';
import { invoices } from '../../db/schema/index.ts';

/**
 * A draft credit note (avoir) against an issued invoice — the only way to correct one. Without
 * lines it repeats the invoice's lines (cancelling it in full, possible while nothing was paid
 * or credited); with lines it credits part of it. Either way it may not credit more than is
 * still due; issuing it (issue-invoice.ts) lowers what the invoice's client owes.
 */
export async function createCreditNote(db: Db, actor: Actor, invoiceId: string, input: CreditNoteInput): Promise<InvoiceView> {
  return db.transaction(async (tx) => {
    const invoice = await findInvoiceRow(tx, actor.organisationId, invoiceId);
    if (invoice.kind === 'credit_note') throw new AppError('conflict', 'A credit note cannot be credited', { reason: 'credit_note' });
    assertInvoiceCommand(invoice, 'credit');
    const due = outstandingCents(invoice);
    let lines: LineInput[];
    if (input.lines) {
      lines = input.lines;
    } else {
      if (invoice.paidCents > 0 || invoice.creditedCents > 0) {
        throw AppError.invalid([{ field: 'lines', location: 'body', message: 'the invoice was partly paid or credited: give the lines of the credit note' }]);
      }
      lines = invoice.lines.map(({ netCents: _net, vatCents: _vat, ...line }) => line);
    }
    const totals = computeTotals(lines);
    if (totals.totalInclTaxCents <= 0) throw AppError.invalid([{ field: 'lines', location: 'body', message: 'a credit note credits a positive amount' }]);
    if (totals.totalInclTaxCents > due) {
      throw AppError.invalid([{ field: 'lines', location: 'body', message: `the credit note (${totals.totalInclTaxCents} cents) exceeds what is still due (${due} cents)` }]);
    }
    const [row] = await tx
      .insert(invoices)
      .values({
        organisationId: actor.organisationId,
        firmId: invoice.firmId,
        clientId: invoice.clientId,
        kind: 'credit_note',
        creditedInvoiceId: invoice.id,
        salesOrderId: invoice.salesOrderId,
        buyerVatNumber: invoice.buyerVatNumber,
        buyerReference: invoice.buyerReference,
        deliveryAddress: invoice.deliveryAddress,
        notes: input.notes ?? null,
        assigneeUserId: invoice.assigneeUserId,
        ...totals,
      })
      .returning();
    await recordHistory(tx, actor, { type: 'invoice', id: row!.id }, { action: 'create', after: row! });
    return findInvoice(tx, actor.organisationId, row!.id);
  });
}
