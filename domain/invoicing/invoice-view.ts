import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { invoicePayments, invoices } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { outstandingCents } from './invoice-lifecycle.ts';

export type InvoiceRow = typeof invoices.$inferSelect;
export type PaymentRow = typeof invoicePayments.$inferSelect;
export type InvoiceView = InvoiceRow & { outstandingCents: number; payments: PaymentRow[] };

/** One invoice or credit note of the organisation (404 otherwise); `forUpdate` locks its row. */
export async function findInvoiceRow(db: Db, organisationId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<InvoiceRow> {
  const query = db.select().from(invoices).where(and(eq(invoices.organisationId, organisationId), eq(invoices.id, id)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw AppError.notFound('Invoice');
  return row;
}

/** The invoice with what is still due and its payments. */
export async function findInvoice(db: Db, organisationId: string, id: string): Promise<InvoiceView> {
  const row = await findInvoiceRow(db, organisationId, id);
  return viewOf(db, row);
}

export async function viewOf(db: Db, row: InvoiceRow): Promise<InvoiceView> {
  const payments = await db.select().from(invoicePayments).where(eq(invoicePayments.invoiceId, row.id)).orderBy(asc(invoicePayments.createdAt), asc(invoicePayments.id));
  return { ...row, outstandingCents: row.kind === 'credit_note' || row.status === 'draft' ? 0 : outstandingCents(row), payments };
}
