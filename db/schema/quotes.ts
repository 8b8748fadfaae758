import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { clients } from './clients.ts';
import { createdAt, id, instant, updatedAt } from './columns.ts';
import type { DocumentLine, VatBreakdownRow } from './invoicing.ts';
import { firms, organisations, users } from './organisations.ts';
import { prospectFiles, prospects } from './prospects.ts';

import { quoteStatuses, type QuoteAcceptance } from '../../domain/quotes/quote-lifecycle.ts';

export { quoteStatuses, type QuoteStatus, type QuoteAcceptance } from '../../domain/quotes/quote-lifecycle.ts';

/** Where staff pressed "+ Devis" (seed 002's four entry points). */
export const quoteOrigins = ['list', 'prospect_file', 'account', 'contact'] as const;
export type QuoteOrigin = (typeof quoteOrigins)[number];

/** The account a quote is for: a client, or a prospect not yet converted. */
export const quoteAccountKinds = ['client', 'prospect'] as const;
export type QuoteAccountKind = (typeof quoteAccountKinds)[number];

/**
 * One quote line: a priced document line (its amounts computed per line, as on invoices), the
 * catalogue service it came from if any, and whether it is optional. An optional line is offered,
 * not counted, until the client (online) or staff select it.
 */
export interface QuoteLine extends DocumentLine {
  serviceId?: string | undefined;
  optional: boolean;
  selected: boolean;
}

/**
 * A quote (devis). A draft changes freely; the first send takes the next number of the firm's
 * gapless `D-<year>-<n>` sequence; afterwards its workflow (`quote/<id>`) owns its status.
 */
export const quotes = pgTable(
  'quotes',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    origin: text('origin', { enum: quoteOrigins }).notNull(),
    accountKind: text('account_kind', { enum: quoteAccountKinds }).notNull(),
    clientId: uuid('client_id').references(() => clients.id),
    prospectId: uuid('prospect_id').references(() => prospects.id),
    /** A `client_contacts` id for a client account, a `prospect_contacts` id for a prospect. */
    contactId: uuid('contact_id'),
    prospectFileId: uuid('prospect_file_id').references(() => prospectFiles.id),
    assigneeUserId: uuid('assignee_user_id').references(() => users.id),
    status: text('status', { enum: quoteStatuses }).notNull().default('draft'),
    number: text('number'),
    sequenceYear: integer('sequence_year'),
    sequenceNumber: integer('sequence_number'),
    title: text('title'),
    validUntil: date('valid_until', { mode: 'string' }).notNull(),
    notes: text('notes'),
    lines: jsonb('lines').$type<QuoteLine[]>().notNull(),
    vatBreakdown: jsonb('vat_breakdown').$type<VatBreakdownRow[]>().notNull(),
    totalExclTaxCents: integer('total_excl_tax_cents').notNull(),
    totalVatCents: integer('total_vat_cents').notNull(),
    totalInclTaxCents: integer('total_incl_tax_cents').notNull(),
    /** Documents (GED ids) attached to the quote. */
    documentIds: jsonb('document_ids').$type<string[]>().notNull().default([]),
    duplicatedFromId: uuid('duplicated_from_id'),
    viewCount: integer('view_count').notNull().default(0),
    sentAt: instant('sent_at'),
    acceptedAt: instant('accepted_at'),
    acceptance: jsonb('acceptance').$type<QuoteAcceptance>(),
    declinedAt: instant('declined_at'),
    declineReason: text('decline_reason'),
    expiredAt: instant('expired_at'),
    cancelledAt: instant('cancelled_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('quotes_firm_number_key').on(t.firmId, t.number),
    uniqueIndex('quotes_firm_sequence_key').on(t.firmId, t.sequenceYear, t.sequenceNumber),
    index('quotes_organisation_idx').on(t.organisationId, t.createdAt, t.id),
    index('quotes_client_idx').on(t.organisationId, t.clientId),
    index('quotes_prospect_idx').on(t.organisationId, t.prospectId),
    check('quotes_account', sql`(${t.accountKind} = 'client' and ${t.clientId} is not null) or (${t.accountKind} = 'prospect' and ${t.prospectId} is not null)`),
    check('quotes_sent_has_number', sql`${t.status} = 'draft' or ${t.status} = 'cancelled' or ${t.number} is not null`),
  ],
);

/** What happens to a quote that is an event, not a status: sent, reminded, viewed, downloaded… */
export const quoteEventKinds = ['sent', 'reminded', 'viewed', 'downloaded', 'optional_line_added', 'feedback', 'accepted', 'declined', 'expired', 'cancelled', 'task_created', 'invoiced', 'notified'] as const;
export type QuoteEventKind = (typeof quoteEventKinds)[number];

/** The quote's history of events, each with its instant (seed 002: "la date et l'heure de chaque action"). */
export const quoteEvents = pgTable(
  'quote_events',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    quoteId: uuid('quote_id')
      .notNull()
      .references(() => quotes.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: quoteEventKinds }).notNull(),
    /** Unique per quote when set: a retried side effect (a workflow reminder) is recorded once. */
    idempotencyKey: text('idempotency_key'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    occurredAt: createdAt(),
  },
  (t) => [index('quote_events_quote_idx').on(t.quoteId, t.occurredAt), uniqueIndex('quote_events_idempotency_key').on(t.quoteId, t.idempotencyKey)],
);

/** A firm's quote settings: default validity, automatic reminders, e-signature, legal mentions. */
export const firmQuoteSettings = pgTable('firm_quote_settings', {
  firmId: uuid('firm_id')
    .primaryKey()
    .references(() => firms.id, { onDelete: 'cascade' }),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  validityDays: integer('validity_days').notNull().default(30),
  /** Days after the first send on which an unsigned quote is reminded automatically. */
  reminderDays: jsonb('reminder_days').$type<number[]>().notNull().default([7, 14]),
  /** Seed 002: "L'option Signature électronique doit être activée en Configuration". */
  eSignatureEnabled: boolean('e_signature_enabled').notNull().default(false),
  /** Firm-editable legal mentions printed on the quote PDF. */
  legalMentions: text('legal_mentions'),
  updatedAt: updatedAt(),
});
