import { and, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { invoices } from '../../db/schema/index.ts';
import { invoiceStatusGroups } from './invoice-lifecycle.ts';
import type { InvoiceListQuery } from './invoicing-input.ts';

/**
 * The organisation's invoices and credit notes, newest first, filtered by client, status, kind,
 * due-date range, or `unpaid` (issued or partially paid invoices, whatever their due date).
 */
export async function listInvoices(db: Db, organisationId: string, query: InvoiceListQuery & { page: number; pageSize: number }) {
  const filters: SQL[] = [eq(invoices.organisationId, organisationId)];
  if (query.clientId) filters.push(eq(invoices.clientId, query.clientId));
  if (query.status) filters.push(eq(invoices.status, query.status));
  if (query.kind) filters.push(eq(invoices.kind, query.kind));
  if (query.dueFrom) filters.push(gte(invoices.dueDate, query.dueFrom));
  if (query.dueTo) filters.push(lte(invoices.dueDate, query.dueTo));
  if (query.unpaid === true) filters.push(inArray(invoices.status, [...invoiceStatusGroups.outstanding]), sql`${invoices.kind} <> 'credit_note'`);
  const where = and(...filters);
  const rows = await db
    .select()
    .from(invoices)
    .where(where)
    .orderBy(desc(invoices.createdAt), desc(invoices.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [count] = await db.select({ total: sql<number>`count(*)::int` }).from(invoices).where(where);
  const items = rows.map((row) => ({ ...row, outstandingCents: row.kind === 'credit_note' || row.status === 'draft' ? 0 : Math.max(0, row.totalInclTaxCents - row.paidCents - row.creditedCents) }));
  return { items, page: query.page, pageSize: query.pageSize, total: count!.total };
}
