import { count, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { outboxEmails } from '../../db/schema/index.ts';
import { offsetOf, type Page, type Pagination } from '../pagination.ts';
import { outboxEmailView, type OutboxEmailSummary } from './outbox-email-view.ts';

/**
 * The emails the local outbox recorded on the organisation's behalf, newest first: what the
 * product would have sent without an email provider. System emails (no organisation) are not
 * listed to any organisation.
 */
export async function listOutboxEmails(db: Db, organisationId: string, pagination: Pagination): Promise<Page<OutboxEmailSummary>> {
  const where = eq(outboxEmails.organisationId, organisationId);
  const [rows, [total]] = await Promise.all([
    db.select().from(outboxEmails).where(where).orderBy(desc(outboxEmails.createdAt), desc(outboxEmails.id)).limit(pagination.pageSize).offset(offsetOf(pagination)),
    db.select({ n: count() }).from(outboxEmails).where(where),
  ]);
  const items = rows.map((row) => {
    const { html: _html, text: _text, ...summary } = outboxEmailView(row);
    return summary;
  });
  return { items, ...pagination, total: total?.n ?? 0 };
}
