import type { Db } from '../../../db/client.ts';
import { prospectContactLinks, prospectContacts } from '../../../db/schema/index.ts';
import { recordHistory, type Actor } from '../../history/record-history.ts';
import { attachHistorySubject, prospectEntityTypes } from '../history-subjects.ts';
import { findProspectRow } from '../prospect-view.ts';
import { refreshContactKeys } from './refresh-contact-keys.ts';
import { contactLinksOf, recordContactLinksChange } from './contact-links.ts';
import type { ContactInput } from './contact-input.ts';
import { contactSearchColumns, stripContactKeys, type ProspectContactView } from './contact-view.ts';

/**
 * Creates a contact person and links it to a prospect. A prospect's first contact becomes its
 * preferred contact, so there is always someone to receive the prospecting emails.
 */
export async function addProspectContact(db: Db, actor: Actor, prospectId: string, input: ContactInput): Promise<ProspectContactView> {
  return db.transaction(async (tx) => {
    await findProspectRow(tx, actor.organisationId, prospectId, { forUpdate: true });
    const before = await contactLinksOf(tx, prospectId);
    const [row] = await tx
      .insert(prospectContacts)
      .values({ ...input, ...contactSearchColumns({ ...input, homePhone: input.homePhone ?? null, mobile: input.mobile ?? null }), organisationId: actor.organisationId })
      .returning();
    const contact = stripContactKeys(row!);
    const isPreferred = before.contactIds.length === 0;
    await tx.insert(prospectContactLinks).values({ prospectId, contactId: contact.id, isPreferred });
    await attachHistorySubject(tx, { organisationId: actor.organisationId, prospectId, entityType: prospectEntityTypes.contact, entityId: contact.id });
    await recordHistory(tx, actor, { type: prospectEntityTypes.contact, id: contact.id }, { action: 'create', after: contact });
    await recordContactLinksChange(tx, actor, prospectId, before);
    await refreshContactKeys(tx, [prospectId]);
    return { ...contact, isPreferred };
  });
}
