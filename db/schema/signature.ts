import { check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { clients } from './clients.ts';
import { createdAt, id, instant, updatedAt } from './columns.ts';
import { documents } from './documents.ts';
import { firms, organisations } from './organisations.ts';

export const signatureMethods = ['manual', 'yousign', 'builtin'] as const;
export type SignatureMethod = (typeof signatureMethods)[number];
export const signatureRequestStatuses = ['ongoing', 'done', 'declined', 'expired', 'canceled'] as const;
export type SignatureRequestStatus = (typeof signatureRequestStatuses)[number];
export const signerStatuses = ['pending', 'signed', 'declined'] as const;
export type SignerStatus = (typeof signerStatuses)[number];

/**
 * A request to sign documents (domain/signature/): a mission's engagement letter today, a quote
 * tomorrow (`subjectType`, `subjectId`). One per subject and attempt (`idempotencyKey`), so a
 * retried "send for signature" never opens two.
 */
export const signatureRequests = pgTable(
  'signature_requests',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    clientId: uuid('client_id').notNull().references(() => clients.id),
    subjectType: text('subject_type', { enum: ['mission', 'quote'] }).notNull(),
    subjectId: uuid('subject_id').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    method: text('method', { enum: signatureMethods }).notNull(),
    /** eIDAS level asked for: `simple` (email OTP) or `advanced` (SMS OTP, identity checked by the provider). */
    level: text('level', { enum: ['simple', 'advanced'] }).notNull().default('simple'),
    status: text('status', { enum: signatureRequestStatuses }).notNull().default('ongoing'),
    /** The provider's id (Yousign's signature request id); null for manual and built-in. */
    providerRequestId: text('provider_request_id'),
    expiresAt: instant('expires_at').notNull(),
    reminderIntervalDays: integer('reminder_interval_days').notNull().default(7),
    endReason: text('end_reason'),
    completedAt: instant('completed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('signature_requests_idempotency_key').on(t.organisationId, t.idempotencyKey),
    uniqueIndex('signature_requests_provider_key').on(t.method, t.providerRequestId),
    index('signature_requests_subject_idx').on(t.subjectType, t.subjectId),
  ],
);

/** One signer of a request, in signing order (the client's representative, then the firm's). */
export const signatureSigners = pgTable(
  'signature_signers',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    requestId: uuid('request_id').notNull().references(() => signatureRequests.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    role: text('role', { enum: ['client', 'firm'] }).notNull(),
    fullName: text('full_name').notNull(),
    email: text('email').notNull(),
    mobile: text('mobile'),
    status: text('status', { enum: signerStatuses }).notNull().default('pending'),
    providerSignerId: text('provider_signer_id'),
    /** SHA-256 of the built-in signing link's secret; the secret itself is only in the email. */
    accessTokenHash: text('access_token_hash'),
    otpHash: text('otp_hash'),
    otpExpiresAt: instant('otp_expires_at'),
    otpFailures: integer('otp_failures').notNull().default(0),
    lockedAt: instant('locked_at'),
    signedAt: instant('signed_at'),
    /** How the signer signed on the built-in page: typed name or drawn image (data: URL). */
    signatureMark: jsonb('signature_mark').$type<{ kind: 'typed'; text: string } | { kind: 'drawn'; dataUrl: string }>(),
    lastRemindedAt: instant('last_reminded_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('signature_signers_position_key').on(t.requestId, t.position), uniqueIndex('signature_signers_token_key').on(t.accessTokenHash)],
);

/** A document of a request: the letter to sign, or an attachment that travels with it (the FIL…). */
export const signatureDocuments = pgTable(
  'signature_documents',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    requestId: uuid('request_id').notNull().references(() => signatureRequests.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    nature: text('nature', { enum: ['signable_document', 'attachment'] }).notNull(),
    documentId: uuid('document_id').notNull().references(() => documents.id),
    name: text('name').notNull(),
    sha256: text('sha256').notNull(),
    providerDocumentId: text('provider_document_id'),
    /** The signed (sealed) PDF and the audit trail, once the request is done. */
    signedDocumentId: uuid('signed_document_id').references(() => documents.id),
    auditTrailDocumentId: uuid('audit_trail_document_id').references(() => documents.id),
  },
  (t) => [uniqueIndex('signature_documents_position_key').on(t.requestId, t.position)],
);

/**
 * What happened to a request, in order of arrival: sent, opened, code sent, code failed, signed,
 * declined… with time, IP and user agent (the audit trail). Provider events keep their id, which
 * is what deduplicates webhook retries.
 */
export const signatureEvents = pgTable(
  'signature_events',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    requestId: uuid('request_id').notNull().references(() => signatureRequests.id, { onDelete: 'cascade' }),
    signerId: uuid('signer_id').references(() => signatureSigners.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    providerEventId: text('provider_event_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    at: instant('at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('signature_events_provider_key').on(t.providerEventId), index('signature_events_request_idx').on(t.requestId, t.at)],
);

/**
 * How a firm's letters are signed: how long a signature request stays open and how often the
 * mission workflow reminds unsigned signers (built-in and manual; Yousign gets the same interval).
 * A firm without a row uses the defaults (30 days, every 7 days).
 */
export const firmSignatureSettings = pgTable(
  'firm_signature_settings',
  {
    firmId: uuid('firm_id')
      .primaryKey()
      .references(() => firms.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    expiresInDays: integer('expires_in_days').notNull().default(30),
    reminderIntervalDays: integer('reminder_interval_days').notNull().default(7),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('firm_signature_settings_expiry', sql`${t.expiresInDays} between 1 and 365`),
    check('firm_signature_settings_reminders', sql`${t.reminderIntervalDays} between 1 and 60`),
  ],
);
