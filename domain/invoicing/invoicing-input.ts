import { z } from 'zod';
import { computeTotals } from './document-totals.ts';

/** French VAT rates (CGI 278 to 281 nonies) and 0 for exempt or out-of-scope lines. */
export const VAT_RATES = [20, 10, 8.5, 5.5, 2.1, 1.05, 0] as const;

const decimals = (places: number) => (value: number) => Math.abs(Math.round(value * 10 ** places) - value * 10 ** places) < 1e-6;

/** One line as staff enter it: label, quantity, unit price in cents (excl. VAT), VAT rate, discount. */
export const lineInputSchema = z.object({
  label: z.string().trim().min(1).max(300),
  description: z.string().trim().max(2000).optional(),
  quantity: z.number().gt(-1_000_000).lt(1_000_000).refine((q) => q !== 0, 'must not be 0').refine(decimals(3), 'at most 3 decimals'),
  unitPriceCents: z.number().int().min(0).max(10_000_000_000),
  vatRate: z.number().refine((rate) => (VAT_RATES as readonly number[]).includes(rate), `must be one of ${VAT_RATES.join(', ')}`),
  discountPercent: z.number().min(0).max(100).refine(decimals(2), 'at most 2 decimals').default(0),
  nature: z.enum(['goods', 'services']).default('services'),
});
export type LineInputBody = z.infer<typeof lineInputSchema>;

export const addressSchema = z.object({
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).optional(),
  postalCode: z.string().trim().min(1).max(20),
  city: z.string().trim().min(1).max(100),
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code, e.g. FR').default('FR'),
});

/** Amounts are stored as 32-bit cents: a document's total stays under 20 million euros. */
export const MAX_DOCUMENT_TOTAL_CENTS = 2_000_000_000;

const lines = z
  .array(lineInputSchema)
  .min(1)
  .max(200)
  .superRefine((items, context) => {
    const totals = computeTotals(items);
    const largest = Math.max(...totals.lines.map((line) => Math.abs(line.netCents + line.vatCents)), Math.abs(totals.totalInclTaxCents));
    if (largest > MAX_DOCUMENT_TOTAL_CENTS) context.addIssue({ code: 'custom', message: `amounts above ${MAX_DOCUMENT_TOTAL_CENTS / 100} € are not supported` });
  });

/**
 * A sales order for a client. `source` says where it comes from: `direct`, or — set by the
 * quotes module when it converts an accepted quote — `{ kind: 'quote', quoteId }`.
 */
export const salesOrderInputSchema = z.object({
  clientId: z.uuid(),
  firmId: z.uuid().optional(),
  orderDate: z.iso.date().optional(),
  deliveryAddress: addressSchema.optional(),
  assigneeUserId: z.uuid().optional(),
  lines,
});
export type SalesOrderInput = z.infer<typeof salesOrderInputSchema>;

const invoiceCommon = {
  buyerVatNumber: z.string().trim().regex(/^[A-Z]{2}[0-9A-Z]{2,13}$/, 'intra-community VAT number, e.g. FR40303265045').optional(),
  buyerReference: z.string().trim().max(100).optional(),
  deliveryAddress: addressSchema.optional(),
  notes: z.string().trim().max(2000).optional(),
  assigneeUserId: z.uuid().optional(),
};

/** An invoice created directly for a client. */
export const directInvoiceInputSchema = z.object({ clientId: z.uuid(), firmId: z.uuid().optional(), lines, ...invoiceCommon });
export type DirectInvoiceInput = z.infer<typeof directInvoiceInputSchema>;

/** An invoice from a sales order: in full (`final`, less the down payments already issued) or a down payment. */
export const orderInvoiceInputSchema = z.object({
  salesOrderId: z.uuid(),
  downPaymentPercent: z.number().gt(0).lt(100).refine(decimals(2), 'at most 2 decimals').optional(),
  ...invoiceCommon,
});
export type OrderInvoiceInput = z.infer<typeof orderInvoiceInputSchema>;

/** A credit note: the whole invoice's rest, or the lines given (a partial credit). */
export const creditNoteInputSchema = z.object({
  lines: lines.optional(),
  notes: z.string().trim().max(2000).optional(),
});
export type CreditNoteInput = z.infer<typeof creditNoteInputSchema>;

export const paymentInputSchema = z.object({
  amountCents: z.number().int().positive().max(10_000_000_000),
  paidOn: z.iso.date(),
  method: z.enum(['transfer', 'card', 'cheque', 'cash', 'direct_debit', 'other']).default('transfer'),
  reference: z.string().trim().max(200).optional(),
});
export type PaymentInput = z.infer<typeof paymentInputSchema>;

const reminderStepSchema = z.object({
  offsetDays: z.number().int().min(0).max(365),
  subject: z.string().trim().min(1).max(300),
  body: z.string().trim().min(1).max(10_000),
});

/** A firm's invoicing settings (PUT replaces them). */
export const invoicingSettingsInputSchema = z.object({
  address: addressSchema.nullable().optional(),
  email: z.email().nullable().optional(),
  iban: z.string().trim().regex(/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/, 'IBAN without spaces').nullable().optional(),
  latePenaltyRatePercent: z.number().min(0).max(100).nullable().optional(),
  vatOnDebits: z.boolean().default(false),
  paymentTermsDays: z.number().int().min(0).max(60).default(30),
  reminderSteps: z
    .array(reminderStepSchema)
    .max(10)
    .default([])
    .refine((steps) => new Set(steps.map((s) => s.offsetDays)).size === steps.length, 'two reminders on the same day'),
  headerText: z.string().max(5000).nullable().optional(),
  footerText: z.string().max(5000).nullable().optional(),
});
export type InvoicingSettingsInput = z.infer<typeof invoicingSettingsInputSchema>;

export const invoiceListQuerySchema = z.object({
  clientId: z.uuid().optional(),
  status: z.enum(['draft', 'issued', 'partially_paid', 'paid', 'cancelled']).optional(),
  kind: z.enum(['invoice', 'down_payment', 'final', 'credit_note']).optional(),
  dueFrom: z.iso.date().optional(),
  dueTo: z.iso.date().optional(),
  unpaid: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export type InvoiceListQuery = z.infer<typeof invoiceListQuerySchema>;
