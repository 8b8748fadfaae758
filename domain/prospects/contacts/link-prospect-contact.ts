import type { Db } from '../../../db/client.ts';
import { prospectContactLinks } from '../../../db/schema/index.ts';
import type { Actor } from '../../history/record-history.ts';
import { attachHistorySubject, prospectEntityTypes } from '../history-subjects.ts';
import { findProspectRow } from '../prospect-view.ts';
import { refreshContactKeys } from './refresh-contact-keys.ts';
import { contactLinksOf, recordContactLinksChange } from './contact-links.ts';
import { findContactRow, stripContactKeys, type ProspectContactView } from './contact-view.ts';

/**
 * Links a contact person already in the organisation to a prospect instead of duplicating it.
 * Linking twice is harmless. The prospect's first contact becomes its preferred contact.
 */
export async function linkProspectContact(db: Db, actor: Actor, prospectId: string, contactId: string): Promise<ProspectContactView> {
  return db.transaction(async (tx) => {
    await findProspectRow(tx, actor.organisationId, prospectId, { forUpdate: true });
    const contact = await findContactRow(tx, actor.organisationId, contactId);
    const before = await contactLinksOf(tx, prospectId);
    if (before.contactIds.includes(contactId)) return { ...stripContactKeys(contact), isPreferred: before.preferredContactId === contactId };
    const isPreferred = before.contactIds.length === 0;
    await tx.insert(prospectContactLinks).values({ prospectId, contactId, isPreferred });
    await attachHistorySubject(tx, { organisationId: actor.organisationId, prospectId, entityType: prospectEntityTypes.contact, entityId: contactId });
    await recordContactLinksChange(tx, actor, prospectId, before);
    await refreshContactKeys(tx, [prospectId]);
    return { ...stripContactKeys(contact), isPreferred };
  });
}
