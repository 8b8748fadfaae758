import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { quoteEvents, quotes, type QuoteStatus } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';

export type QuoteRow = typeof quotes.$inferSelect;
/** A quote as the API shows it (the list's `viewCount` included: seed 002's "vu"). */
export type QuoteView = QuoteRow;

/** One quote of the organisation, or 404 (`quote_not_found`, also for another organisation's ids). `forUpdate` locks it. */
export async function findQuote(db: Db, organisationId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<QuoteView> {
  const query = db.select().from(quotes).where(and(eq(quotes.organisationId, organisationId), eq(quotes.id, id)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw AppError.notFound('Quote');
  return row;
}

export interface QuoteListQuery {
  status?: QuoteStatus | undefined;
  clientId?: string | undefined;
  prospectId?: string | undefined;
  prospectFileId?: string | undefined;
  assigneeUserId?: string | undefined;
  page: number;
  pageSize: number;
}

/** The organisation's quotes, newest first, with their view counts. */
export async function listQuotes(db: Db, organisationId: string, query: QuoteListQuery) {
  const filters: SQL[] = [eq(quotes.organisationId, organisationId)];
  if (query.status) filters.push(eq(quotes.status, query.status));
  if (query.clientId) filters.push(eq(quotes.clientId, query.clientId));
  if (query.prospectId) filters.push(eq(quotes.prospectId, query.prospectId));
  if (query.prospectFileId) filters.push(eq(quotes.prospectFileId, query.prospectFileId));
  if (query.assigneeUserId) filters.push(eq(quotes.assigneeUserId, query.assigneeUserId));
  const where = and(...filters);
  const items = await db
    .select()
    .from(quotes)
    .where(where)
    .orderBy(desc(quotes.createdAt), desc(quotes.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [count] = await db.select({ total: sql<number>`count(*)::int` }).from(quotes).where(where);
  return { items, page: query.page, pageSize: query.pageSize, total: count!.total };
}

/** The quote's events (sent, reminded, viewed, downloaded…), oldest first, each with its instant. */
export async function listQuoteEvents(db: Db, organisationId: string, quoteId: string) {
  await findQuote(db, organisationId, quoteId);
  return db
    .select({ id: quoteEvents.id, kind: quoteEvents.kind, detail: quoteEvents.detail, occurredAt: quoteEvents.occurredAt })
    .from(quoteEvents)
    .where(eq(quoteEvents.quoteId, quoteId))
    .orderBy(asc(quoteEvents.occurredAt), asc(quoteEvents.id));
}
