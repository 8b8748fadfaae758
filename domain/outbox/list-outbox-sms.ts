import { count, desc, eq } from 'drizzle-orm';
import { smsSegments } from '../../adapters/sms/sms-sender.ts';
import type { Db } from '../../db/client.ts';
import { outboxSms } from '../../db/schema/index.ts';
import { offsetOf, type Page, type Pagination } from '../pagination.ts';

/** An SMS of the outbox, with the number of parts it takes (what it would cost). */
export type OutboxSmsView = typeof outboxSms.$inferSelect & { segments: number };

/**
 * The SMS the outbox recorded on the organisation's behalf (notifications to its staff), newest
 * first. SMS without an organisation are listed to none.
 */
export async function listOutboxSms(db: Db, organisationId: string, pagination: Pagination): Promise<Page<OutboxSmsView>> {
  const where = eq(outboxSms.organisationId, organisationId);
  const [rows, [total]] = await Promise.all([
    db.select().from(outboxSms).where(where).orderBy(desc(outboxSms.createdAt), desc(outboxSms.id)).limit(pagination.pageSize).offset(offsetOf(pagination)),
    db.select({ n: count() }).from(outboxSms).where(where),
  ]);
  return { items: rows.map((row) => ({ ...row, segments: smsSegments(row.body) })), ...pagination, total: total?.n ?? 0 };
}
