import { sql } from 'drizzle-orm';
import { boolean, check, customType, date, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { clients } from './clients.ts';
import { createdAt, id, instant, updatedAt } from './columns.ts';
import { firms, organisations, users } from './organisations.ts';

/** PostgreSQL `bytea` as a Node Buffer (generated invoice files). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const salesOrderStatuses = ['open', 'delivered', 'invoiced', 'cancelled'] as const;
export type SalesOrderStatus = (typeof salesOrderStatuses)[number];

export const invoiceStatuses = ['draft', 'issued', 'partially_paid', 'paid', 'cancelled'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

export const invoiceKinds = ['invoice', 'down_payment', 'final', 'credit_note'] as const;
export type InvoiceKind = (typeof invoiceKinds)[number];

export const operationNatures = ['goods', 'services', 'mixed'] as const;
export type OperationNature = (typeof operationNatures)[number];

/** A postal address as invoices print it and EN 16931 carries it (BG-5, BG-8, BG-15). */
export interface PostalAddress {
  line1: string;
  line2?: string | undefined;
  postalCode: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

/**
 * One priced line, as entered: quantity (up to 3 decimals), unit price in cents excluding VAT,
 * VAT rate in percent (20, 10, 5.5, 2.1, 0), discount in percent. `netCents` and `vatCents` are
 * computed (domain/invoicing/invoice-totals.ts) and stored with the line.
 */
export interface DocumentLine {
  label: string;
  description?: string | undefined;
  quantity: number;
  unitPriceCents: number;
  vatRate: number;
  discountPercent: number;
  /** `goods` or `services`: decides the nature of the operation printed on the invoice. */
  nature: 'goods' | 'services';
  netCents: number;
  vatCents: number;
}

/** Totals of one VAT rate. */
export interface VatBreakdownRow {
  vatRate: number;
  baseCents: number;
  vatCents: number;
}

/** Where a sales order comes from: created directly, or (quotes issue) from an accepted quote. */
export type SalesOrderSource = { kind: 'direct' } | { kind: 'quote'; quoteId: string; quoteNumber?: string | undefined };

/** One reminder the firm sends after the due date: its offset and its own editable template. */
export interface ReminderStep {
  /** Days after the due date. */
  offsetDays: number;
  /** Liquid, one line. */
  subject: string;
  /** Liquid, plain text; must print `{{ invoice.number }}`. */
  body: string;
}

/**
 * A firm's invoicing identity and settings: what L441-9 and CGI 242 nonies A require on each
 * invoice beyond the firm row (structured address, penalty rate, VAT-on-debits option), the
 * payment terms, the reminder schedule and the editable paragraphs of the invoice model.
 */
export const firmInvoicingSettings = pgTable('firm_invoicing_settings', {
  firmId: uuid('firm_id')
    .primaryKey()
    .references(() => firms.id, { onDelete: 'cascade' }),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  address: jsonb('address').$type<PostalAddress>(),
  email: text('email'),
  iban: text('iban'),
  /** Late-payment penalty rate, in percent a year (e.g. 12.37 = 3 × legal rate). */
  latePenaltyRatePercent: text('late_penalty_rate_percent'),
  vatOnDebits: boolean('vat_on_debits').notNull().default(false),
  paymentTermsDays: integer('payment_terms_days').notNull().default(30),
  reminderSteps: jsonb('reminder_steps').$type<ReminderStep[]>().notNull().default([]),
  /** Firm-editable paragraphs of the invoice model (Liquid, plain text). */
  headerText: text('header_text'),
  footerText: text('footer_text'),
  updatedAt: updatedAt(),
});

/**
 * Counters of the gapless sequences (per firm, series and year). The issuing transaction
 * increments the row with `INSERT … ON CONFLICT DO UPDATE … RETURNING`, which locks it until
 * commit: concurrent issues queue, a rolled-back issue gives its number back.
 */
export const documentNumberCounters = pgTable(
  'document_number_counters',
  {
    firmId: uuid('firm_id')
      .notNull()
      .references(() => firms.id, { onDelete: 'cascade' }),
    series: text('series', { enum: ['invoice', 'sales_order', 'quote'] }).notNull(),
    year: integer('year').notNull(),
    lastNumber: integer('last_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.firmId, t.series, t.year] })],
);

/** A sales order (commande client): lines for a client, with its own number sequence. */
export const salesOrders = pgTable(
  'sales_orders',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    clientId: uuid('client_id').notNull().references(() => clients.id),
    number: text('number').notNull(),
    status: text('status', { enum: salesOrderStatuses }).notNull().default('open'),
    source: jsonb('source').$type<SalesOrderSource>().notNull(),
    orderDate: date('order_date', { mode: 'string' }).notNull(),
    deliveryAddress: jsonb('delivery_address').$type<PostalAddress>(),
    lines: jsonb('lines').$type<DocumentLine[]>().notNull(),
    vatBreakdown: jsonb('vat_breakdown').$type<VatBreakdownRow[]>().notNull(),
    totalExclTaxCents: integer('total_excl_tax_cents').notNull(),
    totalVatCents: integer('total_vat_cents').notNull(),
    totalInclTaxCents: integer('total_incl_tax_cents').notNull(),
    assigneeUserId: uuid('assignee_user_id').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('sales_orders_firm_number_key').on(t.firmId, t.number),
    index('sales_orders_organisation_idx').on(t.organisationId, t.createdAt, t.id),
  ],
);

/**
 * An invoice or a credit note. A draft can change; issuing assigns its number and freezes
 * everything (seller and buyer snapshots included); afterwards only its payment status moves.
 */
export const invoices = pgTable(
  'invoices',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    clientId: uuid('client_id').notNull().references(() => clients.id),
    kind: text('kind', { enum: invoiceKinds }).notNull(),
    status: text('status', { enum: invoiceStatuses }).notNull().default('draft'),
    salesOrderId: uuid('sales_order_id').references(() => salesOrders.id),
    downPaymentPercent: text('down_payment_percent'),
    /** For a credit note: the invoice it cancels (in full or in part). */
    creditedInvoiceId: uuid('credited_invoice_id'),
    number: text('number'),
    sequenceYear: integer('sequence_year'),
    sequenceNumber: integer('sequence_number'),
    issueDate: date('issue_date', { mode: 'string' }),
    dueDate: date('due_date', { mode: 'string' }),
    buyerVatNumber: text('buyer_vat_number'),
    buyerReference: text('buyer_reference'),
    deliveryAddress: jsonb('delivery_address').$type<PostalAddress>(),
    notes: text('notes'),
    lines: jsonb('lines').$type<DocumentLine[]>().notNull(),
    vatBreakdown: jsonb('vat_breakdown').$type<VatBreakdownRow[]>().notNull(),
    totalExclTaxCents: integer('total_excl_tax_cents').notNull(),
    totalVatCents: integer('total_vat_cents').notNull(),
    totalInclTaxCents: integer('total_incl_tax_cents').notNull(),
    paidCents: integer('paid_cents').notNull().default(0),
    creditedCents: integer('credited_cents').notNull().default(0),
    /** Everything printed about the parties, frozen at issue. */
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>(),
    assigneeUserId: uuid('assignee_user_id').references(() => users.id),
    issuedAt: instant('issued_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('invoices_firm_number_key').on(t.firmId, t.number),
    uniqueIndex('invoices_firm_sequence_key').on(t.firmId, t.sequenceYear, t.sequenceNumber),
    index('invoices_organisation_idx').on(t.organisationId, t.createdAt, t.id),
    index('invoices_client_idx').on(t.organisationId, t.clientId),
    check('invoices_issued_has_number', sql`${t.status} = 'draft' or (${t.number} is not null and ${t.issueDate} is not null and ${t.dueDate} is not null)`),
  ],
);

/** The files of an issued invoice: Factur-X PDF/A-3, its CII XML, the UBL export. */
export const invoiceFiles = pgTable(
  'invoice_files',
  {
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id, { onDelete: 'cascade' }),
    format: text('format', { enum: ['facturx-pdf', 'cii', 'ubl'] }).notNull(),
    content: bytea('content').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.invoiceId, t.format] })],
);

/** A payment received against an invoice. */
export const invoicePayments = pgTable(
  'invoice_payments',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    amountCents: integer('amount_cents').notNull(),
    paidOn: date('paid_on', { mode: 'string' }).notNull(),
    method: text('method', { enum: ['transfer', 'card', 'cheque', 'cash', 'direct_debit', 'other'] }).notNull(),
    reference: text('reference'),
    recordedByUserId: uuid('recorded_by_user_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('invoice_payments_invoice_idx').on(t.invoiceId), check('invoice_payments_positive', sql`${t.amountCents} > 0`)],
);

/** Each payment reminder sent for an invoice, once per step: the email and, at the last step, the task. */
export const invoiceReminders = pgTable(
  'invoice_reminders',
  {
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    offsetDays: integer('offset_days').notNull(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    emailId: text('email_id'),
    taskId: uuid('task_id'),
    sentAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.invoiceId, t.offsetDays] })],
);
