import { index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { organisations } from './organisations.ts';

/** Outbox of emails when no provider is configured; also the record of what was sent. */
export const outboxEmails = pgTable(
  'outbox_emails',
  {
    id: id(),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    idempotencyKey: text('idempotency_key').notNull(),
    fromAddress: text('from_address').notNull(),
    toAddresses: jsonb('to_addresses').$type<string[]>().notNull(),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    tags: jsonb('tags').$type<Record<string, string>>().notNull().default({}),
    attachments: jsonb('attachments').$type<Array<{ filename: string; contentType: string; size: number }>>().notNull().default([]),
    emlPath: text('eml_path'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('outbox_emails_idempotency_key').on(t.idempotencyKey), index('outbox_emails_organisation_idx').on(t.organisationId, t.createdAt)],
);

/** Outbox of SMS messages (no provider adapter yet). */
export const outboxSms = pgTable(
  'outbox_sms',
  {
    id: id(),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    idempotencyKey: text('idempotency_key').notNull(),
    toNumber: text('to_number').notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('outbox_sms_idempotency_key').on(t.idempotencyKey)],
);
