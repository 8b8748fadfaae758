import { asc, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { serviceCategories } from '../../db/schema/index.ts';
import { offsetOf, type Page, type Pagination } from '../pagination.ts';
import type { Category } from './find-category.ts';

/** Lists the organisation's catalogue categories by name. */
export async function listCategories(db: Db, organisationId: string, pagination: Pagination): Promise<Page<Category>> {
  const where = eq(serviceCategories.organisationId, organisationId);
  const [items, [total]] = await Promise.all([
    db
      .select()
      .from(serviceCategories)
      .where(where)
      .orderBy(asc(sql`lower(${serviceCategories.name})`), asc(serviceCategories.id))
      .limit(pagination.pageSize)
      .offset(offsetOf(pagination)),
    db.select({ n: count() }).from(serviceCategories).where(where),
  ]);
  return { items, ...pagination, total: total?.n ?? 0 };
}
