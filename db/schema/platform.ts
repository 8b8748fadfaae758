import { bigserial, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns.ts';
import { organisations, users } from './organisations.ts';

/**
 * Append-only change log: every creation, change and deletion of every resource, field by
 * field. A database trigger (migration 0001) refuses UPDATE and DELETE.
 */
export const historyEntries = pgTable(
  'history_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    /** Null when the change was made by the system (a workflow, a webhook). */
    actorUserId: uuid('actor_user_id').references(() => users.id),
    actorLabel: text('actor_label').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action', { enum: ['create', 'update', 'delete'] }).notNull(),
    field: text('field'),
    oldValue: jsonb('old_value'),
    newValue: jsonb('new_value'),
    occurredAt: instant('occurred_at').notNull().defaultNow(),
  },
  (t) => [index('history_entity_idx').on(t.organisationId, t.entityType, t.entityId, t.id)],
);

/** Remembered responses of POSTs sent with an `Idempotency-Key` header. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code'),
    responseBody: text('response_body'),
    responseContentType: text('response_content_type'),
    createdAt: createdAt(),
    completedAt: instant('completed_at'),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.key] })],
);
