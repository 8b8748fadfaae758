import { and, asc, count, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { offices } from '../../db/schema/index.ts';
import { offsetOf, type Page, type Pagination } from '../pagination.ts';
import type { Office } from './find-office.ts';

/** Lists the organisation's offices, optionally of one firm, oldest first. */
export async function listOffices(
  db: Db,
  organisationId: string,
  filter: Pagination & { firmId?: string | undefined },
): Promise<Page<Office>> {
  const conditions: SQL[] = [eq(offices.organisationId, organisationId)];
  if (filter.firmId) conditions.push(eq(offices.firmId, filter.firmId));
  const where = and(...conditions);
  const [items, [total]] = await Promise.all([
    db.select().from(offices).where(where).orderBy(asc(offices.createdAt), asc(offices.id)).limit(filter.pageSize).offset(offsetOf(filter)),
    db.select({ n: count() }).from(offices).where(where),
  ]);
  return { items, page: filter.page, pageSize: filter.pageSize, total: total?.n ?? 0 };
}
