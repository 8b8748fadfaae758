import { boolean, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.ts';
import { firms, organisations, users } from './organisations.ts';

/** A signed customer: a company or an individual. Created directly or on a prospect's conversion. */
export const clients = pgTable(
  'clients',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    kind: text('kind', { enum: ['company', 'individual'] }).notNull(),
    name: text('name').notNull(),
    legalForm: text('legal_form'),
    siren: text('siren'),
    siret: text('siret'),
    street: text('street'),
    addressComplement: text('address_complement'),
    postalCode: text('postal_code'),
    city: text('city'),
    country: text('country').notNull().default('FR'),
    firmId: uuid('firm_id').references(() => firms.id),
    holderUserId: uuid('holder_user_id').references(() => users.id),
    partnerUserId: uuid('partner_user_id').references(() => users.id),
    /** Set when the client comes from a won prospect; one client per prospect. */
    prospectId: uuid('prospect_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('clients_organisation_idx').on(t.organisationId, t.createdAt, t.id),
    uniqueIndex('clients_prospect_key').on(t.prospectId),
  ],
);

/**
 * A contact person (interlocuteur) of a client. Contacts answer information requests through
 * client-facing pages authenticated by their own access token (only its hash is stored).
 */
export const clientContacts = pgTable(
  'client_contacts',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    clientId: uuid('client_id').notNull().references(() => clients.id, { onDelete: 'cascade' }),
    civility: text('civility', { enum: ['M.', 'Mme'] }),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    email: text('email'),
    mobile: text('mobile'),
    function: text('function'),
    isPreferred: boolean('is_preferred').notNull().default(false),
    portalTokenHash: text('portal_token_hash'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('client_contacts_client_idx').on(t.clientId),
    uniqueIndex('client_contacts_portal_token_key').on(t.portalTokenHash),
  ],
);
