import { and, asc, count, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { informationRequests } from '../../db/schema/index.ts';
import { offsetOf, type Page, type Pagination } from '../pagination.ts';
import type { PortalCaller } from './portal-caller.ts';
import { portalRequestColumns, type PortalInformationRequest } from './portal-information-request-view.ts';

/** Lists the information requests of the caller's client only (never tasks), soonest due first. */
export async function listPortalInformationRequests(
  db: Db,
  caller: PortalCaller,
  filter: Pagination & { status?: PortalInformationRequest['status'] | undefined },
): Promise<Page<PortalInformationRequest>> {
  const conditions: SQL[] = [eq(informationRequests.organisationId, caller.organisationId), eq(informationRequests.clientId, caller.clientId)];
  if (filter.status) conditions.push(eq(informationRequests.status, filter.status));
  const where = and(...conditions);
  const [items, [total]] = await Promise.all([
    db
      .select(portalRequestColumns)
      .from(informationRequests)
      .where(where)
      .orderBy(asc(informationRequests.dueDate), asc(informationRequests.id))
      .limit(filter.pageSize)
      .offset(offsetOf(filter)),
    db.select({ n: count() }).from(informationRequests).where(where),
  ]);
  return { items, page: filter.page, pageSize: filter.pageSize, total: total?.n ?? 0 };
}
