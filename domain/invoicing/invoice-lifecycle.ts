import type { InvoiceStatus } from '../../db/schema/invoicing.ts';
import { AppError } from '../errors.ts';

/**
 * The invoice lifecycle, in one place: draft → issued → partially paid → paid; an issued or
 * partially paid invoice is cancelled by credit notes covering what is left. Credit notes
 * themselves go draft → issued (→ paid when refunded is out of scope: an issued credit note is
 * settled by what it credits). The use cases, the workflow and the API read this table.
 */
export const invoiceStatusGroups = {
  /** Still editable; no number. */
  editable: ['draft'],
  /** Issued and immutable, with money still due: the payment follow-up runs. */
  outstanding: ['issued', 'partially_paid'],
  /** Nothing more will happen. */
  settled: ['paid', 'cancelled'],
} as const satisfies Record<string, readonly InvoiceStatus[]>;

export type InvoiceCommand = 'update' | 'delete' | 'issue' | 'record_payment' | 'credit' | 'download';

export const invoiceCommands: Record<InvoiceCommand, { from: readonly InvoiceStatus[]; refusal: string }> = {
  update: { from: ['draft'], refusal: 'An issued invoice is immutable; correct it with a credit note' },
  delete: { from: ['draft'], refusal: 'An issued invoice is never deleted; cancel it with a credit note' },
  issue: { from: ['draft'], refusal: 'Only a draft can be issued' },
  record_payment: { from: ['issued', 'partially_paid'], refusal: 'Payments are recorded on issued invoices with an amount still due' },
  credit: { from: ['issued', 'partially_paid', 'paid'], refusal: 'Only an issued invoice can be credited' },
  download: { from: ['issued', 'partially_paid', 'paid', 'cancelled'], refusal: 'A draft has no PDF or XML yet: issue it first' },
};

/** Refuses with 409 (naming the status) when `command` may not run from the invoice's status. */
export function assertInvoiceCommand(invoice: { status: InvoiceStatus }, command: InvoiceCommand): void {
  const rule = invoiceCommands[command];
  if (!rule.from.includes(invoice.status)) {
    throw new AppError('conflict', `${rule.refusal} (the invoice is ${invoice.status.replace('_', ' ')})`, { status: invoice.status, reason: `invoice_${invoice.status}` });
  }
}

/**
 * The payment status of an issued invoice from what was paid and credited: the amount due is
 * the total less payments and credit notes. Credit notes covering the whole rest cancel it.
 */
export function settlementStatus(invoice: { totalInclTaxCents: number; paidCents: number; creditedCents: number }): InvoiceStatus {
  const outstanding = invoice.totalInclTaxCents - invoice.paidCents - invoice.creditedCents;
  if (outstanding > 0) return invoice.paidCents > 0 ? 'partially_paid' : 'issued';
  return invoice.paidCents > 0 ? 'paid' : 'cancelled';
}

/** What is still due on an invoice, in cents (never negative). */
export function outstandingCents(invoice: { totalInclTaxCents: number; paidCents: number; creditedCents: number }): number {
  return Math.max(0, invoice.totalInclTaxCents - invoice.paidCents - invoice.creditedCents);
}
