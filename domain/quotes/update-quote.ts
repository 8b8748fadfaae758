import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { quotes, users } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import type { UpdateQuoteInput } from './quote-input.ts';
import { assertQuoteCommand } from './quote-lifecycle.ts';
import { resolveQuoteLines } from './quote-lines.ts';
import { assertQuoteDocuments, findQuoteAccount, resolveQuoteContact } from './quote-parties.ts';
import { findQuote, type QuoteView } from './quote-view.ts';

/**
 * Changes a draft quote: only the fields sent (lines replace the lines and recompute the totals;
 * `contactId: null` falls back to the account's preferred contact). A sent quote is refused
 * (409 `quote_status_conflict`): what the client saw stays what they sign — duplicate it instead.
 */
export async function updateQuote(db: Db, actor: Actor, quoteId: string, input: UpdateQuoteInput): Promise<QuoteView> {
  return db.transaction(async (tx) => {
    const before = await findQuote(tx, actor.organisationId, quoteId, { forUpdate: true });
    assertQuoteCommand(before, 'edit');
    const changes: Partial<typeof quotes.$inferInsert> = { updatedAt: new Date() };
    if (input.lines) Object.assign(changes, await resolveQuoteLines(tx, actor.organisationId, input.lines));
    if (input.contactId !== undefined) {
      const account = await findQuoteAccount(tx, actor.organisationId, before.accountKind, (before.clientId ?? before.prospectId)!, { in: 'body', field: 'contactId' });
      changes.contactId = (await resolveQuoteContact(tx, account, input.contactId, { in: 'body', field: 'contactId' }))?.id ?? null;
    }
    if (input.assigneeUserId) {
      const [user] = await tx.select({ id: users.id }).from(users).where(and(eq(users.organisationId, actor.organisationId), eq(users.id, input.assigneeUserId)));
      if (!user) throw AppError.invalid([{ field: 'assigneeUserId', location: 'body', message: 'unknown user' }]);
      changes.assigneeUserId = input.assigneeUserId;
    }
    if (input.documentIds) {
      await assertQuoteDocuments(tx, actor.organisationId, input.documentIds);
      changes.documentIds = input.documentIds;
    }
    if (input.title !== undefined) changes.title = input.title;
    if (input.validUntil !== undefined) changes.validUntil = input.validUntil;
    if (input.notes !== undefined) changes.notes = input.notes;
    const [after] = await tx.update(quotes).set(changes).where(eq(quotes.id, quoteId)).returning();
    await recordHistory(tx, actor, { type: 'quote', id: quoteId }, { action: 'update', before, after: after! });
    return after!;
  });
}
