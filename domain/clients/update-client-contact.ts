import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clientContacts } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import type { ClientContactPatch } from './client-input.ts';
import { findClientContact } from './find-client-contact.ts';
import { contactView, lockClient, type ClientContact } from './find-client.ts';
import { demoteOtherPreferredContacts } from './preferred-contact.ts';

/**
 * Changes a contact. Marking it preferred takes the flag from the previous preferred contact;
 * un-marking the preferred contact is a 409, since a client always keeps one: mark another instead.
 */
export async function updateClientContact(db: Db, actor: Actor, clientId: string, contactId: string, patch: ClientContactPatch): Promise<ClientContact> {
  return db.transaction(async (tx) => {
    await lockClient(tx, actor.organisationId, clientId);
    const before = await findClientContact(tx, actor.organisationId, clientId, contactId);
    if (patch.isPreferred === false && before.isPreferred) {
      throw new AppError('conflict', 'A client always has one preferred contact; mark another contact as preferred instead');
    }
    const [row] = await tx
      .update(clientContacts)
      .set({ ...patch, updatedAt: new Date() })
      .where(and(eq(clientContacts.clientId, clientId), eq(clientContacts.id, contactId)))
      .returning();
    if (patch.isPreferred && !before.isPreferred) await demoteOtherPreferredContacts(tx, actor, clientId, contactId);
    const after = contactView(row!);
    await recordHistory(tx, actor, { type: 'client_contact', id: contactId }, { action: 'update', before, after });
    return after;
  });
}
