import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clientContacts, informationRequestAnswers, informationRequests } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { findClientContact } from './find-client-contact.ts';
import { lockClient } from './find-client.ts';
import { promoteOldestContact } from './preferred-contact.ts';

/**
 * Removes a contact (and with it their portal access). When it was the preferred contact, the
 * oldest remaining one becomes preferred. A contact who answered or was sent information
 * requests stays on record (409): revoke their portal access instead.
 */
export async function deleteClientContact(db: Db, actor: Actor, clientId: string, contactId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockClient(tx, actor.organisationId, clientId);
    const before = await findClientContact(tx, actor.organisationId, clientId, contactId);
    const [[answers], [requests]] = await Promise.all([
      tx.select({ n: count() }).from(informationRequestAnswers).where(eq(informationRequestAnswers.contactId, contactId)),
      tx.select({ n: count() }).from(informationRequests).where(eq(informationRequests.contactId, contactId)),
    ]);
    if ((answers?.n ?? 0) > 0 || (requests?.n ?? 0) > 0) {
      throw new AppError('conflict', 'This contact answered or was sent information requests; revoke their portal access instead');
    }
    await tx.delete(clientContacts).where(and(eq(clientContacts.clientId, clientId), eq(clientContacts.id, contactId)));
    await recordHistory(tx, actor, { type: 'client_contact', id: contactId }, { action: 'delete', before });
    if (before.isPreferred) await promoteOldestContact(tx, actor, clientId);
  });
}
