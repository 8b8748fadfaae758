import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { invoicePayments, invoices } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { assertInvoiceCommand, outstandingCents, settlementStatus } from './invoice-lifecycle.ts';
import { findInvoiceRow, viewOf, type InvoiceView } from './invoice-view.ts';
import type { PaymentInput } from './invoicing-input.ts';

/**
 * Records a payment (full or partial) against an issued invoice: the invoice becomes partially
 * paid or paid. More than what is still due is refused, naming `amountCents`. The API then tells
 * the invoice's follow-up workflow, which stops reminding once nothing is due.
 */
export async function recordPayment(db: Db, actor: Actor, invoiceId: string, input: PaymentInput): Promise<InvoiceView> {
  return db.transaction(async (tx) => {
    const invoice = await findInvoiceRow(tx, actor.organisationId, invoiceId, { forUpdate: true });
    if (invoice.kind === 'credit_note') throw new AppError('conflict', 'Payments are recorded on invoices, not on credit notes', { reason: 'credit_note' });
    assertInvoiceCommand(invoice, 'record_payment');
    const due = outstandingCents(invoice);
    if (input.amountCents > due) {
      throw AppError.invalid([{ field: 'amountCents', location: 'body', message: `exceeds the ${due} cents still due` }]);
    }
    await tx.insert(invoicePayments).values({
      organisationId: actor.organisationId,
      invoiceId,
      amountCents: input.amountCents,
      paidOn: input.paidOn,
      method: input.method,
      reference: input.reference ?? null,
      recordedByUserId: actor.kind === 'user' ? actor.userId : null,
    });
    const paidCents = invoice.paidCents + input.amountCents;
    const status = settlementStatus({ ...invoice, paidCents });
    const [after] = await tx.update(invoices).set({ paidCents, status, updatedAt: new Date() }).where(eq(invoices.id, invoiceId)).returning();
    await recordHistory(tx, actor, { type: 'invoice', id: invoiceId }, { action: 'update', before: invoice, after: after! });
    return viewOf(tx, after!);
  });
}
