import { and, asc, count, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { missions, type MissionStatus } from '../../db/schema/index.ts';
import { offsetOf, type Page, type Pagination } from '../pagination.ts';
import { withLines, type MissionView } from './mission-view.ts';

/** Lists the organisation's missions, oldest first, optionally for one client or in one status. */
export async function listMissions(
  db: Db,
  organisationId: string,
  filter: Pagination & { clientId?: string | undefined; status?: MissionStatus | undefined },
): Promise<Page<MissionView>> {
  const conditions: SQL[] = [eq(missions.organisationId, organisationId)];
  if (filter.clientId) conditions.push(eq(missions.clientId, filter.clientId));
  if (filter.status) conditions.push(eq(missions.status, filter.status));
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db.select().from(missions).where(where).orderBy(asc(missions.createdAt), asc(missions.id)).limit(filter.pageSize).offset(offsetOf(filter)),
    db.select({ n: count() }).from(missions).where(where),
  ]);
  return { items: await withLines(db, rows), page: filter.page, pageSize: filter.pageSize, total: total?.n ?? 0 };
}
