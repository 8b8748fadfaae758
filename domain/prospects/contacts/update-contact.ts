import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectContacts } from '../../../db/schema/index.ts';
import { recordHistory, type Actor } from '../../history/record-history.ts';
import { prospectEntityTypes } from '../history-subjects.ts';
import { refreshContactKeys } from './refresh-contact-keys.ts';
import type { ContactPatch } from './contact-input.ts';
import { contactSearchColumns, findContact, findContactRow, stripContactKeys, type ContactView } from './contact-view.ts';

/** Changes a contact person; the change shows in the history of every prospect it is linked to. */
export async function updateContact(db: Db, actor: Actor, contactId: string, patch: ContactPatch): Promise<ContactView> {
  return db.transaction(async (tx) => {
    const before = await findContactRow(tx, actor.organisationId, contactId);
    const merged = { ...before, ...patch };
    const [row] = await tx
      .update(prospectContacts)
      .set({ ...patch, ...contactSearchColumns(merged), updatedAt: new Date() })
      .where(and(eq(prospectContacts.organisationId, actor.organisationId), eq(prospectContacts.id, contactId)))
      .returning();
    await recordHistory(tx, actor, { type: prospectEntityTypes.contact, id: contactId }, { action: 'update', before: stripContactKeys(before), after: stripContactKeys(row!) });
    const view = await findContact(tx, actor.organisationId, contactId);
    await refreshContactKeys(tx, view.prospects.map((link) => link.prospectId));
    return view;
  });
}
