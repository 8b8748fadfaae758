import type { Db } from '../../db/client.ts';
import { historyEntries } from '../../db/schema/index.ts';

/** Who made a change: a staff member, or the system (workflow, webhook, client page). */
export type Actor =
  | { kind: 'user'; organisationId: string; userId: string; label: string }
  | { kind: 'system'; organisationId: string; label: string };

type Plain = Record<string, unknown>;

/** Normalises a value for comparison and JSON storage (dates as ISO strings). */
function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  return value;
}

const ignoredFields = new Set(['createdAt', 'updatedAt', 'organisationId', 'id']);

/**
 * Appends history entries for one entity: a single `create`/`delete` entry carrying the whole
 * record, or one `update` entry per changed field (old → new). Call it in the same transaction
 * as the change so the log and the data never disagree.
 */
export async function recordHistory(
  db: Db,
  actor: Actor,
  entity: { type: string; id: string },
  change: { action: 'create'; after: Plain } | { action: 'delete'; before: Plain } | { action: 'update'; before: Plain; after: Plain },
): Promise<void> {
  const base = {
    organisationId: actor.organisationId,
    actorUserId: actor.kind === 'user' ? actor.userId : null,
    actorLabel: actor.label,
    entityType: entity.type,
    entityId: entity.id,
  };
  const snapshot = (record: Plain) =>
    Object.fromEntries(Object.entries(record).filter(([key]) => !ignoredFields.has(key)).map(([key, value]) => [key, normalise(value)]));

  if (change.action === 'create') {
    await db.insert(historyEntries).values({ ...base, action: 'create', newValue: snapshot(change.after) });
    return;
  }
  if (change.action === 'delete') {
    await db.insert(historyEntries).values({ ...base, action: 'delete', oldValue: snapshot(change.before) });
    return;
  }
  const rows = Object.keys(change.after)
    .filter((field) => !ignoredFields.has(field))
    .map((field) => ({ field, oldValue: normalise(change.before[field]), newValue: normalise(change.after[field]) }))
    .filter(({ oldValue, newValue }) => JSON.stringify(oldValue) !== JSON.stringify(newValue))
    .map((entry) => ({ ...base, action: 'update' as const, ...entry }));
  if (rows.length > 0) await db.insert(historyEntries).values(rows);
}
