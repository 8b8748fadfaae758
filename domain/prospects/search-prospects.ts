import { and, count, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { prospectContactLinks, prospectContacts, prospects } from '../../db/schema/index.ts';
import { offsetOf, type Page, type Pagination } from '../pagination.ts';
import type { ProspectRow } from './prospect-view.ts';
import { prospectSearchCondition, prospectSearchOrder, type ProspectSearch } from './search-filters.ts';

/** The columns of the prospects list: company, last and next action, source, phone, email, city. */
export const listColumns = {
  id: prospects.id,
  companyName: prospects.companyName,
  lastActionDate: prospects.lastActionDate,
  lastActionType: prospects.lastActionType,
  nextActionDate: prospects.nextActionDate,
  nextActionType: prospects.nextActionType,
  source: prospects.source,
  phone: prospects.phone,
  city: prospects.city,
  status: prospects.status,
  clientType: prospects.clientType,
  businessAcquirer: prospects.businessAcquirer,
  sourceSalespersonId: prospects.sourceSalespersonId,
  operationalSalespersonId: prospects.operationalSalespersonId,
  clientId: prospects.clientId,
  createdAt: prospects.createdAt,
};

/** One line of the list; `email` is the preferred contact's. */
export type ProspectListItem = Pick<ProspectRow, keyof typeof listColumns> & { email: string | null };

/** The preferred contact's email of each prospect (else null). */
export async function preferredEmails(db: Db, prospectIds: string[]): Promise<Map<string, string | null>> {
  if (prospectIds.length === 0) return new Map();
  const rows = await db
    .select({ prospectId: prospectContactLinks.prospectId, email: prospectContacts.email })
    .from(prospectContactLinks)
    .innerJoin(prospectContacts, eq(prospectContacts.id, prospectContactLinks.contactId))
    .where(and(inArray(prospectContactLinks.prospectId, prospectIds), eq(prospectContactLinks.isPreferred, true)));
  return new Map(rows.map((row) => [row.prospectId, row.email]));
}

/** The prospects list with its advanced search, sorting and pagination (liste des prospects). */
export async function searchProspects(db: Db, organisationId: string, filter: ProspectSearch & Pagination): Promise<Page<ProspectListItem>> {
  const where = prospectSearchCondition(organisationId, filter);
  const [rows, [total]] = await Promise.all([
    db
      .select(listColumns)
      .from(prospects)
      .where(where)
      .orderBy(...prospectSearchOrder(filter))
      .limit(filter.pageSize)
      .offset(offsetOf(filter)),
    db.select({ n: count() }).from(prospects).where(where),
  ]);
  const emails = await preferredEmails(db, rows.map((row) => row.id));
  return {
    items: rows.map((row) => ({ ...row, email: emails.get(row.id) ?? null })),
    page: filter.page,
    pageSize: filter.pageSize,
    total: total?.n ?? 0,
  };
}
