import { index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { catalogueServices } from './catalogue.ts';
import { clientContacts, clients } from './clients.ts';
import { createdAt, id, instant, updatedAt } from './columns.ts';
import { informationRequests, tasks } from './missions.ts';
import { organisations, users } from './organisations.ts';

/**
 * A service a client asked for through the portal (seed article 001). It becomes a task for the
 * firm to review and turn into a mission line; this row keeps what the client asked, for whom.
 */
export const serviceRequests = pgTable(
  'service_requests',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    clientId: uuid('client_id').notNull().references(() => clients.id),
    contactId: uuid('contact_id').references(() => clientContacts.id, { onDelete: 'set null' }),
    /** The catalogue service asked for; null when the client described a need in words only. */
    serviceId: uuid('service_id').references(() => catalogueServices.id, { onDelete: 'set null' }),
    message: text('message').notNull(),
    /** The review task created for the firm. */
    taskId: uuid('task_id').notNull().references(() => tasks.id),
    createdAt: createdAt(),
  },
  (t) => [index('service_requests_client_idx').on(t.clientId, t.createdAt), index('service_requests_task_idx').on(t.taskId)],
);

/**
 * A magic sign-in link sent to a client contact by email: short-lived, single use (only the
 * SHA-256 of its secret is stored). Consuming it opens a `portal_sessions` row.
 */
export const portalSignInLinks = pgTable(
  'portal_sign_in_links',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    contactId: uuid('contact_id').notNull().references(() => clientContacts.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    /** Where the contact lands once signed in (a path of the portal, checked when issued). */
    redirectPath: text('redirect_path').notNull().default('/portail'),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('portal_sign_in_links_token_key').on(t.tokenHash), index('portal_sign_in_links_contact_idx').on(t.contactId)],
);

/** A signed-in browser of a client contact (cookie secret's SHA-256); ends at sign-out, expiry or revocation. */
export const portalSessions = pgTable(
  'portal_sessions',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    contactId: uuid('contact_id').notNull().references(() => clientContacts.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    expiresAt: instant('expires_at').notNull(),
    endedAt: instant('ended_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('portal_sessions_token_key').on(t.tokenHash), index('portal_sessions_contact_idx').on(t.contactId)],
);

/**
 * A contact's client-page access: revoked (no sign-in, sessions ended, every page a 404) and the
 * private calendar feed's secret (rotating it revokes the previous URL). No row: access allowed,
 * no feed yet.
 */
export const portalContactAccess = pgTable(
  'portal_contact_access',
  {
    contactId: uuid('contact_id')
      .primaryKey()
      .references(() => clientContacts.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    revokedAt: instant('revoked_at'),
    calendarTokenHash: text('calendar_token_hash'),
    calendarIssuedAt: instant('calendar_issued_at'),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('portal_contact_access_calendar_key').on(t.calendarTokenHash)],
);

/** The organisation's client-page settings: reminder lead time and the logo shown on every page. */
export const portalSettings = pgTable('portal_settings', {
  organisationId: uuid('organisation_id')
    .primaryKey()
    .references(() => organisations.id),
  /** Days before an open request's due date when its contact gets a reminder. */
  reminderDaysBefore: integer('reminder_days_before').notNull().default(5),
  /** The firm's logo as a `data:image/png;base64,…` (or jpeg, svg+xml) URL, at most ~100 kB. */
  logoDataUrl: text('logo_data_url'),
  updatedAt: updatedAt(),
});

/** Catalogue services the firm opens to its clients' "ask for this service" page, with the client-facing wording. */
export const portalServices = pgTable(
  'portal_services',
  {
    serviceId: uuid('service_id')
      .primaryKey()
      .references(() => catalogueServices.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    /** What the client reads (the catalogue's internal label is never shown). */
    title: text('title').notNull(),
    description: text('description'),
    createdAt: createdAt(),
  },
  (t) => [index('portal_services_organisation_idx').on(t.organisationId)],
);

export const informationRequestEmailKinds = ['created', 'reminder', 'overdue', 'resent'] as const;
export type InformationRequestEmailKind = (typeof informationRequestEmailKinds)[number];

/**
 * Every email sent to a client contact about an information request (creation, reminder,
 * overdue, resent by staff): the firm's email history of the request. The unique idempotency key
 * is the same as the email's, so a retried activity records (and sends) once.
 */
export const informationRequestEmails = pgTable(
  'information_request_emails',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    requestId: uuid('request_id')
      .notNull()
      .references(() => informationRequests.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: informationRequestEmailKinds }).notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    /** The provider's (or the outbox's) id of the email. */
    emailId: text('email_id').notNull(),
    /** The staff member who resent it; null for the workflow's own emails. */
    sentByUserId: uuid('sent_by_user_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('information_request_emails_key').on(t.idempotencyKey), index('information_request_emails_request_idx').on(t.requestId, t.createdAt)],
);
