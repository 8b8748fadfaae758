import { and, asc, count, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { historyEntries } from '../../db/schema/index.ts';
import { offsetOf, type Page, type Pagination } from '../pagination.ts';

export type HistoryEntry = typeof historyEntries.$inferSelect;

/** Reads the organisation's change log, oldest first, optionally for one entity. */
export async function listHistory(
  db: Db,
  organisationId: string,
  filter: Pagination & { entityType?: string | undefined; entityId?: string | undefined },
): Promise<Page<HistoryEntry>> {
  const conditions: SQL[] = [eq(historyEntries.organisationId, organisationId)];
  if (filter.entityType) conditions.push(eq(historyEntries.entityType, filter.entityType));
  if (filter.entityId) conditions.push(eq(historyEntries.entityId, filter.entityId));
  const where = and(...conditions);
  const [items, [total]] = await Promise.all([
    db.select().from(historyEntries).where(where).orderBy(asc(historyEntries.id)).limit(filter.pageSize).offset(offsetOf(filter)),
    db.select({ n: count() }).from(historyEntries).where(where),
  ]);
  return { items, page: filter.page, pageSize: filter.pageSize, total: total?.n ?? 0 };
}
