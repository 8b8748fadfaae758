import { and, asc, count, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { catalogueServices, type ServiceType } from '../../db/schema/index.ts';
import { offsetOf, type Page, type Pagination } from '../pagination.ts';
import { withItems, type ServiceView } from './service-view.ts';

export interface ServiceFilter extends Pagination {
  categoryId?: string | undefined;
  serviceType?: ServiceType | undefined;
  /** Archived services are hidden unless asked for. */
  includeArchived?: boolean | undefined;
}

/** Lists the organisation's catalogue services by label, active ones only unless asked. */
export async function listServices(db: Db, organisationId: string, filter: ServiceFilter): Promise<Page<ServiceView>> {
  const conditions: SQL[] = [eq(catalogueServices.organisationId, organisationId)];
  if (filter.categoryId) conditions.push(eq(catalogueServices.categoryId, filter.categoryId));
  if (filter.serviceType) conditions.push(eq(catalogueServices.serviceType, filter.serviceType));
  if (!filter.includeArchived) conditions.push(isNull(catalogueServices.archivedAt));
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(catalogueServices)
      .where(where)
      .orderBy(asc(sql`lower(${catalogueServices.internalLabel})`), asc(catalogueServices.id))
      .limit(filter.pageSize)
      .offset(offsetOf(filter)),
    db.select({ n: count() }).from(catalogueServices).where(where),
  ]);
  return { items: await withItems(db, rows), page: filter.page, pageSize: filter.pageSize, total: total?.n ?? 0 };
}
