import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { clients } from './clients.ts';
import { createdAt, id, instant, updatedAt } from './columns.ts';
import { firms, offices, organisations, serviceTypes, users } from './organisations.ts';

/** Where a prospection stands, for the search: in progress, signed (converted), lost (every file lost). */
export const prospectStatuses = ['in_progress', 'signed', 'lost'] as const;
export type ProspectStatus = (typeof prospectStatuses)[number];

/** The client type (type client) of a prospect or of one of its files. */
export const prospectClientTypes = ['company', 'sole_trader', 'individual', 'association', 'property_company', 'other'] as const;
export type ProspectClientType = (typeof prospectClientTypes)[number];

/** Stages of a file (étape) and their win probability in percent. */
export const fileStages = ['suspect', 'qualified', 'evaluated', 'negotiation', 'won'] as const;
export type FileStage = (typeof fileStages)[number];

export const fileStatuses = ['in_progress', 'signed', 'lost'] as const;
export type FileStatus = (typeof fileStatuses)[number];

/** Follow-up action types (types d'action); `request` needs a source. */
export const actionTypes = [
  'first_contact',
  'other',
  'request',
  'quote_request',
  'failure',
  'template_mail',
  'voicemail',
  'prospect_change',
  'proposal',
  'follow_up',
  'meeting',
  'answer_questions',
] as const;
export type ActionType = (typeof actionTypes)[number];

export const actionStatuses = ['todo', 'done'] as const;
export type ActionStatus = (typeof actionStatuses)[number];

export const reasonKinds = ['win', 'loss'] as const;
export type ReasonKind = (typeof reasonKinds)[number];

/**
 * A company or person the organisation wants as a client. The `*_search` and `*_digits` columns
 * are written by the use cases (lower case, accents stripped; phone digits) so the advanced search
 * runs on plain indexed columns (trigram GIN indexes, migration `prospects_search`). The last and
 * next follow-up actions are kept here, in the same transaction as the actions, for the list.
 */
export const prospects = pgTable(
  'prospects',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    companyName: text('company_name').notNull(),
    companyNameSearch: text('company_name_search').notNull(),
    legalForm: text('legal_form'),
    siret: text('siret'),
    nafCode: text('naf_code'),
    taxRegime: text('tax_regime'),
    currentFirm: text('current_firm'),
    creationDate: date('creation_date', { mode: 'string' }),
    street: text('street'),
    addressComplement: text('address_complement'),
    postalCode: text('postal_code'),
    city: text('city'),
    country: text('country').notNull().default('FR'),
    phone: text('phone'),
    phoneDigits: text('phone_digits'),
    foreignPhone: text('foreign_phone'),
    foreignPhoneDigits: text('foreign_phone_digits'),
    fax: text('fax'),
    website: text('website'),
    source: text('source').notNull(),
    sourceSalespersonId: uuid('source_salesperson_id').references(() => users.id),
    operationalSalespersonId: uuid('operational_salesperson_id').references(() => users.id),
    businessAcquirer: boolean('business_acquirer').notNull().default(false),
    note: text('note'),
    noteSearch: text('note_search'),
    /**
     * The linked contacts' search keys (names, emails, phone digits, ` | `-separated), kept in
     * the same transaction as the contacts so contact filters are one trigram match here.
     */
    contactNamesSearch: text('contact_names_search').notNull().default(''),
    contactEmailsSearch: text('contact_emails_search').notNull().default(''),
    contactPhonesDigits: text('contact_phones_digits').notNull().default(''),
    clientType: text('client_type', { enum: prospectClientTypes }),
    status: text('status', { enum: prospectStatuses }).notNull().default('in_progress'),
    clientId: uuid('client_id').references(() => clients.id),
    convertedAt: instant('converted_at'),
    lastActionId: uuid('last_action_id'),
    lastActionDate: date('last_action_date', { mode: 'string' }),
    lastActionType: text('last_action_type', { enum: actionTypes }),
    nextActionId: uuid('next_action_id'),
    nextActionDate: date('next_action_date', { mode: 'string' }),
    nextActionType: text('next_action_type', { enum: actionTypes }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('prospects_organisation_created_idx').on(t.organisationId, t.createdAt, t.id),
    index('prospects_organisation_name_idx').on(t.organisationId, t.companyNameSearch, t.id),
    index('prospects_organisation_city_idx').on(t.organisationId, t.city, t.id),
    index('prospects_organisation_last_action_idx').on(t.organisationId, t.lastActionDate, t.id),
    index('prospects_organisation_next_action_idx').on(t.organisationId, t.nextActionDate, t.id),
    index('prospects_organisation_status_idx').on(t.organisationId, t.status),
    index('prospects_organisation_source_idx').on(t.organisationId, t.source),
    index('prospects_organisation_client_type_idx').on(t.organisationId, t.clientType),
    index('prospects_organisation_naf_idx').on(t.organisationId, t.nafCode.op('text_pattern_ops')),
    index('prospects_organisation_siret_idx').on(t.organisationId, t.siret.op('text_pattern_ops')),
    index('prospects_source_salesperson_idx').on(t.organisationId, t.sourceSalespersonId),
    index('prospects_operational_salesperson_idx').on(t.organisationId, t.operationalSalespersonId),
    index('prospects_business_acquirer_idx').on(t.organisationId, t.id).where(sql`${t.businessAcquirer}`),
  ],
);

/** A contact person (interlocuteur); one person can be linked to several prospects. */
export const prospectContacts = pgTable(
  'prospect_contacts',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    civility: text('civility', { enum: ['M.', 'Mme'] }),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    nameSearch: text('name_search').notNull(),
    homePhone: text('home_phone'),
    homePhoneDigits: text('home_phone_digits'),
    mobile: text('mobile'),
    mobileDigits: text('mobile_digits'),
    email: text('email'),
    function: text('function'),
    birthDate: date('birth_date', { mode: 'string' }),
    newsletter: boolean('newsletter').notNull().default(false),
    informationBulletin: boolean('information_bulletin').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('prospect_contacts_organisation_idx').on(t.organisationId, t.lastName, t.firstName, t.id)],
);

/** Which contacts a prospect has, and which one is preferred (receives prospecting emails). */
export const prospectContactLinks = pgTable(
  'prospect_contact_links',
  {
    prospectId: uuid('prospect_id').notNull().references(() => prospects.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id').notNull().references(() => prospectContacts.id, { onDelete: 'cascade' }),
    isPreferred: boolean('is_preferred').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.prospectId, t.contactId] }),
    index('prospect_contact_links_contact_idx').on(t.contactId),
    uniqueIndex('prospect_contact_links_one_preferred_key').on(t.prospectId).where(sql`${t.isPreferred}`),
  ],
);

/** Configurable win and loss reasons (facteurs) of an organisation. */
export const prospectReasons = pgTable(
  'prospect_reasons',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    kind: text('kind', { enum: reasonKinds }).notNull(),
    label: text('label').notNull(),
    archivedAt: instant('archived_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('prospect_reasons_label_key').on(t.organisationId, t.kind, t.label)],
);

/** A prospect's file (dossier) for one service type: its stage, assignments, offer and outcome. */
export const prospectFiles = pgTable(
  'prospect_files',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    prospectId: uuid('prospect_id').notNull().references(() => prospects.id),
    serviceType: text('service_type', { enum: serviceTypes }).notNull(),
    stage: text('stage', { enum: fileStages }).notNull().default('suspect'),
    status: text('status', { enum: fileStatuses }).notNull().default('in_progress'),
    clientType: text('client_type', { enum: prospectClientTypes }).notNull(),
    startDate: date('start_date', { mode: 'string' }),
    endDate: date('end_date', { mode: 'string' }),
    firmId: uuid('firm_id').references(() => firms.id),
    officeId: uuid('office_id').references(() => offices.id),
    holderUserId: uuid('holder_user_id').references(() => users.id),
    partnerUserId: uuid('partner_user_id').references(() => users.id),
    /** The engagement-letter template chosen (contrat type); templates are keyed by name for now. */
    letterTemplateKey: text('letter_template_key'),
    offerAmountCents: integer('offer_amount_cents'),
    reasonIds: jsonb('reason_ids').$type<string[]>().notNull().default([]),
    lossJustification: text('loss_justification'),
    signedAt: instant('signed_at'),
    lostAt: instant('lost_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('prospect_files_service_key').on(t.prospectId, t.serviceType), index('prospect_files_organisation_idx').on(t.organisationId)],
);

/** Accounting and legal files: the missions of the chosen contract type, each with its executor. */
export const prospectFileMissions = pgTable(
  'prospect_file_missions',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    fileId: uuid('file_id').notNull().references(() => prospectFiles.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    label: text('label').notNull(),
    executorUserId: uuid('executor_user_id').notNull().references(() => users.id),
  },
  (t) => [index('prospect_file_missions_file_idx').on(t.fileId, t.position)],
);

/** A dated follow-up action (suivi) on a prospect: "to do" until done; done actions are locked. */
export const prospectActions = pgTable(
  'prospect_actions',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    prospectId: uuid('prospect_id').notNull().references(() => prospects.id),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    actionType: text('action_type', { enum: actionTypes }).notNull(),
    source: text('source'),
    description: text('description'),
    /** Business date in Europe/Paris, with an optional time of day (`HH:MM`). */
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    dueTime: text('due_time'),
    status: text('status', { enum: actionStatuses }).notNull(),
    doneAt: instant('done_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('prospect_actions_prospect_idx').on(t.prospectId, t.status, t.dueDate, t.dueTime),
    index('prospect_actions_organisation_idx').on(t.organisationId),
  ],
);

/**
 * Which history subjects belong to a prospect (its contacts, files, actions), kept after the
 * subject is deleted so the prospect's history still shows what happened to it.
 */
export const prospectHistorySubjects = pgTable(
  'prospect_history_subjects',
  {
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    prospectId: uuid('prospect_id').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.prospectId, t.entityType, t.entityId] })],
);
