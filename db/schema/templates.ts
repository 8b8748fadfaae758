import { pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { updatedAt } from './columns.ts';
import { organisations, users } from './organisations.ts';

/**
 * An organisation's own text for one template kind (domain/templates/template-kinds.ts). A kind
 * without a row uses the default text; deleting the row resets it. Every body stored here passed
 * `validateTemplate` when it was saved.
 */
export const firmTemplates = pgTable(
  'firm_templates',
  {
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    /** A `TemplateKind`, e.g. `email.quote-sent.body`. */
    kind: text('kind').notNull(),
    body: text('body').notNull(),
    updatedByUserId: uuid('updated_by_user_id').references(() => users.id),
    updatedByLabel: text('updated_by_label').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.kind] })],
);
