import { and, asc, count, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';
import { offsetOf, type Page, type Pagination } from '../pagination.ts';
import { withAccess, type UserView } from './user-view.ts';

/** Lists the organisation's active staff, oldest first. */
export async function listUsers(db: Db, organisationId: string, pagination: Pagination): Promise<Page<UserView>> {
  const where = and(eq(users.organisationId, organisationId), isNull(users.deactivatedAt));
  const [rows, [total]] = await Promise.all([
    db.select().from(users).where(where).orderBy(asc(users.createdAt), asc(users.id)).limit(pagination.pageSize).offset(offsetOf(pagination)),
    db.select({ n: count() }).from(users).where(where),
  ]);
  return { items: await withAccess(db, rows), ...pagination, total: total?.n ?? 0 };
}
