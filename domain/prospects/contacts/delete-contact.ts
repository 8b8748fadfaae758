import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectContactLinks, prospectContacts } from '../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { recordHistory, type Actor } from '../../history/record-history.ts';
import { prospectEntityTypes } from '../history-subjects.ts';
import { refreshContactKeys } from './refresh-contact-keys.ts';
import { contactLinksOf, recordContactLinksChange } from './contact-links.ts';
import { findContact } from './contact-view.ts';

/**
 * Deletes a contact person and its links to prospects. Refused (409) while it is the preferred
 * contact of a prospect: another contact must be made preferred first.
 */
export async function deleteContact(db: Db, actor: Actor, contactId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const contact = await findContact(tx, actor.organisationId, contactId);
    const preferredOf = contact.prospects.filter((link) => link.isPreferred).map((link) => link.prospectId);
    if (preferredOf.length > 0) {
      throw new AppError('conflict', 'This contact is a preferred contact (it receives the prospecting emails); make another contact preferred before deleting it', {
        reason: 'preferred_contact',
        prospectIds: preferredOf,
      });
    }
    const befores = await Promise.all(contact.prospects.map(async (link) => ({ prospectId: link.prospectId, before: await contactLinksOf(tx, link.prospectId) })));
    await tx.delete(prospectContactLinks).where(eq(prospectContactLinks.contactId, contactId));
    await tx.delete(prospectContacts).where(and(eq(prospectContacts.organisationId, actor.organisationId), eq(prospectContacts.id, contactId)));
    const { prospects: _links, ...snapshot } = contact;
    await recordHistory(tx, actor, { type: prospectEntityTypes.contact, id: contactId }, { action: 'delete', before: snapshot });
    for (const { prospectId, before } of befores) await recordContactLinksChange(tx, actor, prospectId, before);
    await refreshContactKeys(tx, befores.map(({ prospectId }) => prospectId));
  });
}
