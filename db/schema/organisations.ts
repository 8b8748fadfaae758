import { boolean, index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, instant, updatedAt } from './columns.ts';

/** The service types a firm can offer and a collaborator can be given access to. */
export const serviceTypes = ['accounting', 'legal', 'payroll', 'tax', 'audit', 'wealth', 'training', 'consulting', 'other'] as const;
export type ServiceType = (typeof serviceTypes)[number];

export const userRoles = ['admin', 'collaborator'] as const;
export type UserRole = (typeof userRoles)[number];

/** A network (réseau): the tenant. Nothing of one organisation is visible to another. */
export const organisations = pgTable('organisations', {
  id: id(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

/** A firm (cabinet) of an organisation, with its regulatory identity printed on letters. */
export const firms = pgTable(
  'firms',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    name: text('name').notNull(),
    legalForm: text('legal_form'),
    siren: text('siren'),
    vatNumber: text('vat_number'),
    rcs: text('rcs'),
    orderRegistration: text('order_registration'),
    address: text('address'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('firms_organisation_idx').on(t.organisationId, t.createdAt, t.id)],
);

/** Which service types a firm offers. */
export const firmServices = pgTable(
  'firm_services',
  {
    firmId: uuid('firm_id').notNull().references(() => firms.id, { onDelete: 'cascade' }),
    serviceType: text('service_type', { enum: serviceTypes }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.firmId, t.serviceType] })],
);

/** An office (bureau) of a firm. */
export const offices = pgTable(
  'offices',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    name: text('name').notNull(),
    address: text('address'),
    postalCode: text('postal_code'),
    city: text('city'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('offices_organisation_idx').on(t.organisationId, t.createdAt, t.id)],
);

/** A member of the firm's staff. */
export const users = pgTable(
  'users',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    email: text('email').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    role: text('role', { enum: userRoles }).notNull(),
    mobile: text('mobile'),
    notifyBy: text('notify_by', { enum: ['email', 'sms'] }).notNull().default('email'),
    /** Granted the "source salesperson" capacity (apporteur) on prospects. */
    canBeSourceSalesperson: boolean('can_be_source_salesperson').notNull().default(false),
    /** Users are deactivated, never deleted: the history keeps pointing at them. */
    deactivatedAt: instant('deactivated_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_organisation_email_key').on(t.organisationId, t.email),
    index('users_organisation_idx').on(t.organisationId, t.createdAt, t.id),
  ],
);

/** Firms a collaborator was given access to. */
export const userFirms = pgTable(
  'user_firms',
  {
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    firmId: uuid('firm_id').notNull().references(() => firms.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.firmId] })],
);

/** Service types a collaborator was given access to. */
export const userServices = pgTable(
  'user_services',
  {
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    serviceType: text('service_type', { enum: serviceTypes }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.serviceType] })],
);

/** Bearer tokens; only the SHA-256 of the secret is stored. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    lastUsedAt: instant('last_used_at'),
    revokedAt: instant('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash_key').on(t.tokenHash)],
);
