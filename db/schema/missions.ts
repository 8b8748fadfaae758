import { boolean, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { catalogueServices, frequencies, serviceItems } from './catalogue.ts';
import { clientContacts, clients } from './clients.ts';
import { createdAt, id, instant, updatedAt } from './columns.ts';
import { missionStatuses, type MissionStatus, type SignatureRecord } from '../../domain/missions/mission-lifecycle.ts';
import { firms, organisations, users } from './organisations.ts';

// The lifecycle owns the statuses; re-exported for the schema's readers.
export { missionStatuses, type MissionStatus };

/** Deadline rule of a line, stored as JSON (see domain/missions/schedule.ts). */
export type DeadlineRuleJson = { kind: 'day-of-month'; day: number } | { kind: 'last-day-of-month' } | { kind: 'end-of-period' };

/** What the signature signal and the signing API call record (the lifecycle's signature record). */
export type SignatureJson = SignatureRecord;

/** A mission (engagement): services sold to one client for a period, driven by a `mission/<id>` workflow. */
export const missions = pgTable(
  'missions',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    clientId: uuid('client_id').notNull().references(() => clients.id),
    firmId: uuid('firm_id').references(() => firms.id),
    name: text('name').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    status: text('status', { enum: missionStatuses }).notNull().default('draft'),
    /** Staff member alerted when the mission stays unsigned. */
    assigneeUserId: uuid('assignee_user_id').references(() => users.id),
    /** Create occurrences whose deadline was already past at signature (default: skip them). */
    createPastOccurrences: boolean('create_past_occurrences').notNull().default(false),
    validatedAt: instant('validated_at'),
    sentForSignatureAt: instant('sent_for_signature_at'),
    signedAt: instant('signed_at'),
    signature: jsonb('signature').$type<SignatureJson>(),
    activatedAt: instant('activated_at'),
    finishedAt: instant('finished_at'),
    cancelledAt: instant('cancelled_at'),
    overdueAlertedAt: instant('overdue_alerted_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('missions_organisation_idx').on(t.organisationId, t.createdAt, t.id)],
);

/** A service line of a mission: which service, at what price, on which schedule. */
export const missionLines = pgTable(
  'mission_lines',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    missionId: uuid('mission_id').notNull().references(() => missions.id, { onDelete: 'cascade' }),
    serviceId: uuid('service_id').notNull().references(() => catalogueServices.id),
    priceCents: integer('price_cents'),
    frequency: text('frequency', { enum: frequencies }).notNull(),
    quantity: integer('quantity').notNull().default(1),
    deadlineRule: jsonb('deadline_rule').$type<DeadlineRuleJson>().notNull(),
    firstDeadline: date('first_deadline', { mode: 'string' }),
    leadTimeDays: integer('lead_time_days'),
    /**
     * Set by the amendment that added or last changed the line on an active mission (Paris date):
     * only deadlines from then on are planned again; null for the lines signed with the mission.
     */
    replannedFrom: date('replanned_from', { mode: 'string' }),
    /** Set when an amendment removes the line; its future occurrences stop. */
    removedAt: instant('removed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('mission_lines_mission_idx').on(t.missionId)],
);

/**
 * One occurrence of a line: the deadline whose tasks and information requests were created.
 * The unique (line, deadline) key is what makes creation exactly-once under retries and crashes.
 */
export const occurrences = pgTable(
  'occurrences',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    missionId: uuid('mission_id').notNull().references(() => missions.id),
    missionLineId: uuid('mission_line_id').notNull().references(() => missionLines.id),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('occurrences_line_deadline_key').on(t.missionLineId, t.deadline)],
);

/** An internal work item of the firm; never visible to clients. */
export const tasks = pgTable(
  'tasks',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    clientId: uuid('client_id').notNull().references(() => clients.id),
    missionId: uuid('mission_id').references(() => missions.id),
    occurrenceId: uuid('occurrence_id').references(() => occurrences.id),
    serviceItemId: uuid('service_item_id').references(() => serviceItems.id),
    /** `occurrence` (generated), `client_request` (a client asked for a service), `manual`. */
    source: text('source', { enum: ['occurrence', 'client_request', 'manual'] }).notNull(),
    title: text('title').notNull(),
    description: text('description'),
    assigneeUserId: uuid('assignee_user_id').references(() => users.id),
    dueDate: date('due_date', { mode: 'string' }),
    status: text('status', { enum: ['todo', 'done'] }).notNull().default('todo'),
    completedAt: instant('completed_at'),
    completedByUserId: uuid('completed_by_user_id').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('tasks_occurrence_item_key').on(t.occurrenceId, t.serviceItemId),
    index('tasks_organisation_idx').on(t.organisationId, t.status, t.dueDate, t.id),
  ],
);

/** A request shared with the client, who answers with files and/or text. */
export const informationRequests = pgTable(
  'information_requests',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    clientId: uuid('client_id').notNull().references(() => clients.id),
    contactId: uuid('contact_id').references(() => clientContacts.id),
    missionId: uuid('mission_id').references(() => missions.id),
    occurrenceId: uuid('occurrence_id').references(() => occurrences.id),
    serviceItemId: uuid('service_item_id').references(() => serviceItems.id),
    title: text('title').notNull(),
    message: text('message').notNull(),
    expectsFiles: boolean('expects_files').notNull().default(false),
    expectsText: boolean('expects_text').notNull().default(false),
    dueDate: date('due_date', { mode: 'string' }),
    status: text('status', { enum: ['open', 'answered', 'closed'] }).notNull().default('open'),
    answeredAt: instant('answered_at'),
    closedAt: instant('closed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('information_requests_occurrence_item_key').on(t.occurrenceId, t.serviceItemId),
    index('information_requests_organisation_idx').on(t.organisationId, t.status, t.dueDate, t.id),
    index('information_requests_client_idx').on(t.clientId, t.status),
  ],
);

/** One answer of a client contact to an information request (text; files live in the document store). */
export const informationRequestAnswers = pgTable('information_request_answers', {
  id: id(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  requestId: uuid('request_id').notNull().references(() => informationRequests.id, { onDelete: 'cascade' }),
  contactId: uuid('contact_id').references(() => clientContacts.id),
  text: text('text'),
  files: jsonb('files').$type<Array<{ name: string; mediaType: string; size: number; sha256: string; storageKey: string }>>().notNull().default([]),
  createdAt: createdAt(),
});
