import { asc, count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { firms } from '../../db/schema/index.ts';
import { offsetOf, type Page, type Pagination } from '../pagination.ts';
import { withServices, type FirmView } from './firm-view.ts';

/** Lists the organisation's firms, oldest first. */
export async function listFirms(db: Db, organisationId: string, pagination: Pagination): Promise<Page<FirmView>> {
  const where = eq(firms.organisationId, organisationId);
  const [rows, [total]] = await Promise.all([
    db.select().from(firms).where(where).orderBy(asc(firms.createdAt), asc(firms.id)).limit(pagination.pageSize).offset(offsetOf(pagination)),
    db.select({ n: count() }).from(firms).where(where),
  ]);
  return { items: await withServices(db, rows), ...pagination, total: total?.n ?? 0 };
}
