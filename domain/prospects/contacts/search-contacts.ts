import { and, asc, count, eq, like, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectContacts } from '../../../db/schema/index.ts';
import { offsetOf, type Page, type Pagination } from '../../pagination.ts';
import { likeLiteral, searchText } from '../search-keys.ts';
import { stripContactKeys, type ContactView } from './contact-view.ts';

/**
 * Finds contacts already in the organisation (by name or email, partial, accent-insensitive) so
 * staff link an existing person to a prospect instead of creating a duplicate.
 */
export async function searchContacts(
  db: Db,
  organisationId: string,
  filter: Pagination & { search?: string | undefined },
): Promise<Page<Omit<ContactView, 'prospects'>>> {
  const conditions: SQL[] = [eq(prospectContacts.organisationId, organisationId)];
  if (filter.search) {
    const pattern = `%${likeLiteral(searchText(filter.search))}%`;
    conditions.push(or(like(prospectContacts.nameSearch, pattern), like(prospectContacts.email, `%${likeLiteral(filter.search.trim().toLowerCase())}%`))!);
  }
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(prospectContacts)
      .where(where)
      .orderBy(asc(prospectContacts.lastName), asc(prospectContacts.firstName), asc(prospectContacts.id))
      .limit(filter.pageSize)
      .offset(offsetOf(filter)),
    db.select({ n: count() }).from(prospectContacts).where(where),
  ]);
  return { items: rows.map(stripContactKeys), page: filter.page, pageSize: filter.pageSize, total: total?.n ?? 0 };
}
