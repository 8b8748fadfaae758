import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clientContacts } from '../../db/schema/index.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { findClientContact } from './find-client-contact.ts';

/** Withdraws a contact's portal access: their link stops working at once. */
export async function revokePortalToken(db: Db, actor: Actor, clientId: string, contactId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await findClientContact(tx, actor.organisationId, clientId, contactId);
    if (!before.hasPortalAccess) return;
    await tx
      .update(clientContacts)
      .set({ portalTokenHash: null, updatedAt: new Date() })
      .where(and(eq(clientContacts.clientId, clientId), eq(clientContacts.id, contactId)));
    await recordHistory(tx, actor, { type: 'client_contact', id: contactId }, { action: 'update', before: { portalAccess: 'issued' }, after: { portalAccess: null } });
  });
}
