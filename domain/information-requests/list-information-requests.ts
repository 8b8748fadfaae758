import { and, asc, count, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { informationRequests } from '../../db/schema/index.ts';
import { offsetOf, type Page, type Pagination } from '../pagination.ts';
import { selectInformationRequests, type InformationRequestRow, type InformationRequestView } from './information-request-view.ts';

export interface InformationRequestFilter extends Pagination {
  clientId?: string | undefined;
  missionId?: string | undefined;
  status?: InformationRequestRow['status'] | undefined;
  /** Due on or after this date (YYYY-MM-DD). */
  dueFrom?: string | undefined;
  /** Due on or before this date (YYYY-MM-DD). */
  dueTo?: string | undefined;
}

/** The firm's view of the requests sent to clients: filtered, soonest due first, undated last, stable by id. */
export async function listInformationRequests(db: Db, organisationId: string, filter: InformationRequestFilter): Promise<Page<InformationRequestView>> {
  const conditions: SQL[] = [eq(informationRequests.organisationId, organisationId)];
  if (filter.clientId) conditions.push(eq(informationRequests.clientId, filter.clientId));
  if (filter.missionId) conditions.push(eq(informationRequests.missionId, filter.missionId));
  if (filter.status) conditions.push(eq(informationRequests.status, filter.status));
  if (filter.dueFrom) conditions.push(gte(informationRequests.dueDate, filter.dueFrom));
  if (filter.dueTo) conditions.push(lte(informationRequests.dueDate, filter.dueTo));
  const where = and(...conditions);
  const [items, [total]] = await Promise.all([
    selectInformationRequests(db, where).orderBy(asc(informationRequests.dueDate), asc(informationRequests.id)).limit(filter.pageSize).offset(offsetOf(filter)),
    db.select({ n: count() }).from(informationRequests).where(where),
  ]);
  return { items, page: filter.page, pageSize: filter.pageSize, total: total?.n ?? 0 };
}
