import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { salesOrders } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';

export type SalesOrderView = typeof salesOrders.$inferSelect;

/** One sales order of the organisation, or 404. */
export async function findSalesOrder(db: Db, organisationId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<SalesOrderView> {
  const query = db.select().from(salesOrders).where(and(eq(salesOrders.organisationId, organisationId), eq(salesOrders.id, id)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw AppError.notFound('Sales order');
  return row;
}

/** The organisation's sales orders, newest first, optionally for one client or status. */
export async function listSalesOrders(db: Db, organisationId: string, query: { clientId?: string | undefined; status?: SalesOrderView['status'] | undefined; page: number; pageSize: number }) {
  const filters: SQL[] = [eq(salesOrders.organisationId, organisationId)];
  if (query.clientId) filters.push(eq(salesOrders.clientId, query.clientId));
  if (query.status) filters.push(eq(salesOrders.status, query.status));
  const where = and(...filters);
  const items = await db
    .select()
    .from(salesOrders)
    .where(where)
    .orderBy(desc(salesOrders.createdAt), desc(salesOrders.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [count] = await db.select({ total: sql<number>`count(*)::int` }).from(salesOrders).where(where);
  return { items, page: query.page, pageSize: query.pageSize, total: count!.total };
}
