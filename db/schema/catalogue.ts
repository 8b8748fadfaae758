import { boolean, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, instant, updatedAt } from './columns.ts';
import { organisations, serviceTypes, users } from './organisations.ts';

export const frequencies = ['weekly', 'monthly', 'quarterly', 'half-yearly', 'yearly', 'one-off'] as const;
export type FrequencyKind = (typeof frequencies)[number];

/** Roles on a client file that a generated task can be assigned to. */
export const clientFileRoles = ['holder', 'partner'] as const;

/** A category of the firm's catalogue (comptabilité, juridique, social…). */
export const serviceCategories = pgTable(
  'service_categories',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    name: text('name').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('service_categories_organisation_idx').on(t.organisationId, t.createdAt, t.id)],
);

/** A service (prestation) of the catalogue: what it costs, how often, and what each occurrence generates. */
export const catalogueServices = pgTable(
  'catalogue_services',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    categoryId: uuid('category_id').references(() => serviceCategories.id),
    serviceType: text('service_type', { enum: serviceTypes }).notNull(),
    internalLabel: text('internal_label').notNull(),
    description: text('description'),
    deliverableType: text('deliverable_type'),
    defaultPriceCents: integer('default_price_cents').notNull().default(0),
    /** VAT rate in basis points: 2000 = 20 %. */
    vatRateBasisPoints: integer('vat_rate_basis_points').notNull().default(2000),
    defaultFrequency: text('default_frequency', { enum: frequencies }).notNull(),
    leadTimeDays: integer('lead_time_days').notNull().default(0),
    archivedAt: instant('archived_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('catalogue_services_organisation_idx').on(t.organisationId, t.createdAt, t.id)],
);

/**
 * What one occurrence of a service generates: an internal task (never visible to clients) or an
 * information request shared with the client.
 */
export const serviceItems = pgTable(
  'service_items',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    serviceId: uuid('service_id').notNull().references(() => catalogueServices.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['task', 'information_request'] }).notNull(),
    position: integer('position').notNull().default(0),
    /** Task title, or the information request's short title. */
    title: text('title').notNull(),
    /** Task assignee: a user, or a role on the client file (holder, partner). */
    assigneeUserId: uuid('assignee_user_id').references(() => users.id),
    assigneeRole: text('assignee_role', { enum: clientFileRoles }),
    /** Information request: the message the client reads. */
    message: text('message'),
    expectsFiles: boolean('expects_files').notNull().default(false),
    expectsText: boolean('expects_text').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('service_items_service_idx').on(t.serviceId, t.position)],
);
