import { and, count, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { serviceRequests } from '../../db/schema/index.ts';
import { offsetOf, type Page, type Pagination } from '../pagination.ts';
import type { PortalCaller } from './portal-caller.ts';
import type { PortalServiceRequest } from './request-service.ts';

/** Lists the service requests of the caller's client, newest first. */
export async function listPortalServiceRequests(db: Db, caller: PortalCaller, pagination: Pagination): Promise<Page<PortalServiceRequest>> {
  const where = and(eq(serviceRequests.organisationId, caller.organisationId), eq(serviceRequests.clientId, caller.clientId));
  const [items, [total]] = await Promise.all([
    db
      .select({ id: serviceRequests.id, serviceId: serviceRequests.serviceId, message: serviceRequests.message, createdAt: serviceRequests.createdAt })
      .from(serviceRequests)
      .where(where)
      .orderBy(desc(serviceRequests.createdAt), desc(serviceRequests.id))
      .limit(pagination.pageSize)
      .offset(offsetOf(pagination)),
    db.select({ n: count() }).from(serviceRequests).where(where),
  ]);
  return { items, ...pagination, total: total?.n ?? 0 };
}
