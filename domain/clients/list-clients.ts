import { and, asc, count, eq, ilike, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clients } from '../../db/schema/index.ts';
import { offsetOf, type Page, type Pagination } from '../pagination.ts';
import { withContacts, type ClientView } from './find-client.ts';

export interface ClientFilter extends Pagination {
  /** Part of the name, case-insensitive. */
  search?: string | undefined;
  kind?: 'company' | 'individual' | undefined;
  firmId?: string | undefined;
  holderUserId?: string | undefined;
}

/** `%` and `_` typed by a user are literal characters, not wildcards. */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** Lists the organisation's clients by name (case-insensitively), optionally searched by name. */
export async function listClients(db: Db, organisationId: string, filter: ClientFilter): Promise<Page<ClientView>> {
  const conditions: SQL[] = [eq(clients.organisationId, organisationId)];
  if (filter.search) conditions.push(ilike(clients.name, `%${escapeLike(filter.search)}%`));
  if (filter.kind) conditions.push(eq(clients.kind, filter.kind));
  if (filter.firmId) conditions.push(eq(clients.firmId, filter.firmId));
  if (filter.holderUserId) conditions.push(eq(clients.holderUserId, filter.holderUserId));
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db.select().from(clients).where(where).orderBy(asc(sql`lower(${clients.name})`), asc(clients.id)).limit(filter.pageSize).offset(offsetOf(filter)),
    db.select({ n: count() }).from(clients).where(where),
  ]);
  return { items: await withContacts(db, rows), page: filter.page, pageSize: filter.pageSize, total: total?.n ?? 0 };
}
