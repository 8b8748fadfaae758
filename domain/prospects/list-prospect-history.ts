import { and, asc, count, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { historyEntries, prospectHistorySubjects } from '../../db/schema/index.ts';
import type { HistoryEntry } from '../history/list-history.ts';
import { offsetOf, type Page, type Pagination } from '../pagination.ts';
import { prospectEntityTypes } from './history-subjects.ts';
import { findProspectRow } from './prospect-view.ts';

/**
 * A prospect's history (historique): every creation, change and deletion of the prospect, its
 * contacts, files and follow-up actions — who, when, field, old → new — oldest first.
 */
export async function listProspectHistory(db: Db, organisationId: string, prospectId: string, pagination: Pagination): Promise<Page<HistoryEntry>> {
  await findProspectRow(db, organisationId, prospectId);
  const subjects = db
    .select({ entityType: prospectHistorySubjects.entityType, entityId: prospectHistorySubjects.entityId })
    .from(prospectHistorySubjects)
    .where(and(eq(prospectHistorySubjects.organisationId, organisationId), eq(prospectHistorySubjects.prospectId, prospectId)));
  const where = and(
    eq(historyEntries.organisationId, organisationId),
    or(
      and(eq(historyEntries.entityType, prospectEntityTypes.prospect), eq(historyEntries.entityId, prospectId)),
      sql`(${historyEntries.entityType}, ${historyEntries.entityId}) in ${subjects}`,
    ),
  );
  const [items, [total]] = await Promise.all([
    db.select().from(historyEntries).where(where).orderBy(asc(historyEntries.id)).limit(pagination.pageSize).offset(offsetOf(pagination)),
    db.select({ n: count() }).from(historyEntries).where(where),
  ]);
  return { items, page: pagination.page, pageSize: pagination.pageSize, total: total?.n ?? 0 };
}
