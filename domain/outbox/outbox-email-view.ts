import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { outboxEmails } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';

type OutboxEmailRow = typeof outboxEmails.$inferSelect;

/** An email of the outbox as an administrator reads it; the server path of its `.eml` stays private. */
export type OutboxEmailView = Omit<OutboxEmailRow, 'emlPath'> & { hasEml: boolean };

/** An email in a list: its envelope without the bodies. */
export type OutboxEmailSummary = Omit<OutboxEmailView, 'html' | 'text'>;

/** Hides the `.eml` path, telling only whether there is one. */
export function outboxEmailView({ emlPath, ...row }: OutboxEmailRow): OutboxEmailView {
  return { ...row, hasEml: emlPath !== null };
}

/** Loads one outbox row of the organisation, or 404 (also for another organisation's or a system email). */
export async function findOutboxEmailRow(db: Db, organisationId: string, emailId: string): Promise<OutboxEmailRow> {
  const [row] = await db
    .select()
    .from(outboxEmails)
    .where(and(eq(outboxEmails.organisationId, organisationId), eq(outboxEmails.id, emailId)));
  if (!row) throw new AppError('not_found', 'Email introuvable dans la boîte d’envoi');
  return row;
}

/** One email sent on the organisation's behalf, with its HTML and text bodies. */
export async function findOutboxEmail(db: Db, organisationId: string, emailId: string): Promise<OutboxEmailView> {
  return outboxEmailView(await findOutboxEmailRow(db, organisationId, emailId));
}
