import { boolean, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { clientContacts, clients } from './clients.ts';
import { createdAt, id, instant, updatedAt } from './columns.ts';
import { documentFolders, documents } from './documents.ts';
import { missions } from './missions.ts';
import { firms, organisations, serviceTypes, users } from './organisations.ts';

/** The print set of seed 003 plus the engagement letter itself (domain/letters/letter-model-kinds.ts). */
export const letterModelKinds = [
  'engagement',
  'annex-evaluation',
  'annex-income-tax-return',
  'annex-services-contract',
  'documents-annex',
  'blank',
  'resignation',
  'predecessor',
  'acceptance-questionnaire',
] as const;
export type LetterModelKind = (typeof letterModelKinds)[number];

/** The paragraphs of a letter model (seed 000), each a Liquid text. */
export const letterParagraphs = ['title', 'subtitle', 'object', 'objectives', 'nature', 'needs', 'legalMentions'] as const;
export type LetterParagraph = (typeof letterParagraphs)[number];
export type LetterParagraphsJson = Partial<Record<LetterParagraph, string>>;

/**
 * A letter model of a firm (« Lettre de mission comptable », « Lettre de mission CGP », a
 * resignation letter…): a kind of the print set and the firm's own paragraph texts; a paragraph
 * it leaves out uses the kind's default text.
 */
export const letterModels = pgTable(
  'letter_models',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    firmId: uuid('firm_id').notNull().references(() => firms.id),
    kind: text('kind', { enum: letterModelKinds }).notNull(),
    name: text('name').notNull(),
    paragraphs: jsonb('paragraphs').$type<LetterParagraphsJson>().notNull().default({}),
    archivedAt: instant('archived_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('letter_models_name_key').on(t.firmId, t.name), index('letter_models_organisation_idx').on(t.organisationId, t.firmId)],
);

export const customFieldKinds = ['text', 'long_text', 'number', 'money', 'date', 'yes_no', 'single_choice', 'multiple_choice'] as const;
export type CustomFieldKind = (typeof customFieldKinds)[number];

/**
 * A custom field (champ personnalisé) an administrator defines per mission type (seed 000 step 2);
 * its value is asked for on each mission letter of that type and printed as `{{ custom.<key> }}`.
 * Once a letter holds a value for it, deleting archives it instead.
 */
export const customFields = pgTable(
  'custom_fields',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    missionType: text('mission_type', { enum: serviceTypes }).notNull(),
    key: text('key').notNull(),
    label: text('label').notNull(),
    kind: text('kind', { enum: customFieldKinds }).notNull(),
    required: boolean('required').notNull().default(false),
    position: integer('position').notNull(),
    /** Choices of the single and multiple choice kinds. */
    options: jsonb('options').$type<string[]>().notNull().default([]),
    archivedAt: instant('archived_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('custom_fields_key').on(t.organisationId, t.missionType, t.key),
    index('custom_fields_list_idx').on(t.organisationId, t.missionType, t.position),
  ],
);

/** A custom field's value: text, number (money in cents), ISO date, boolean or the chosen options. */
export type CustomValue = string | number | boolean | string[];

/**
 * The engagement letter of a mission (seed 000 step 3, seed 001): what the letter says and where it
 * goes. Frozen (`frozenAt`) when the mission is validated: the PDF is then rendered into the chosen
 * folder (`documentId`, `sha256`) and the letter no longer changes.
 */
export const missionLetters = pgTable('mission_letters', {
  missionId: uuid('mission_id')
    .primaryKey()
    .references(() => missions.id, { onDelete: 'cascade' }),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  modelId: uuid('model_id').references(() => letterModels.id),
  missionType: text('mission_type', { enum: serviceTypes }).notNull().default('accounting'),
  interviewDate: date('interview_date', { mode: 'string' }),
  objectives: text('objectives'),
  nature: text('nature'),
  needs: text('needs'),
  typology: text('typology'),
  customValues: jsonb('custom_values').$type<Record<string, CustomValue>>().notNull().default({}),
  firmRepresentativeUserId: uuid('firm_representative_user_id').references(() => users.id),
  clientRepresentativeContactId: uuid('client_representative_contact_id').references(() => clientContacts.id),
  destinationFolderId: uuid('destination_folder_id').references(() => documentFolders.id),
  /** Documents of the client's store that travel with the letter to signature (the FIL included). */
  attachmentDocumentIds: jsonb('attachment_document_ids').$type<string[]>().notNull().default([]),
  frozenAt: instant('frozen_at'),
  documentId: uuid('document_id').references(() => documents.id),
  sha256: text('sha256'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * What the legal information sheet (FIL) needs beyond the firm's identity (C. consom. L111-2):
 * the consumer mediator and the professional insurance.
 */
export const firmLegalInformation = pgTable('firm_legal_information', {
  firmId: uuid('firm_id')
    .primaryKey()
    .references(() => firms.id, { onDelete: 'cascade' }),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  consumerMediator: text('consumer_mediator'),
  professionalInsurance: text('professional_insurance'),
  updatedAt: updatedAt(),
});

export const amlRiskLevels = ['standard', 'reinforced'] as const;
export type AmlRiskLevel = (typeof amlRiskLevels)[number];

/** A beneficial owner of a company client (CMF L561-2-2). */
export interface BeneficialOwnerJson {
  fullName: string;
  birthDate?: string | undefined;
  ownershipPercent?: number | undefined;
}

/**
 * The anti-money-laundering file of a client (CMF L561-5, NPLAB): the identification evidence, the
 * risk level, and how long the record is kept (5 years after the relationship ends).
 */
export const clientAmlRecords = pgTable('client_aml_records', {
  clientId: uuid('client_id')
    .primaryKey()
    .references(() => clients.id, { onDelete: 'cascade' }),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  riskLevel: text('risk_level', { enum: amlRiskLevels }),
  /** An individual's official photo ID (a document of the client's store). */
  idDocumentId: uuid('id_document_id').references(() => documents.id),
  /** A company's registry extract (Kbis) and its issue date (must be under 3 months old). */
  registryExtractDocumentId: uuid('registry_extract_document_id').references(() => documents.id),
  registryExtractIssuedOn: date('registry_extract_issued_on', { mode: 'string' }),
  beneficialOwners: jsonb('beneficial_owners').$type<BeneficialOwnerJson[]>().notNull().default([]),
  relationshipEndedOn: date('relationship_ended_on', { mode: 'string' }),
  /** Five years after the end of the relationship; null while it lasts. */
  retainUntil: date('retain_until', { mode: 'string' }),
  updatedAt: updatedAt(),
});
