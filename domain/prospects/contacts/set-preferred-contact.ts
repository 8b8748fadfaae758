import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectContactLinks } from '../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../history/record-history.ts';
import { findProspectRow } from '../prospect-view.ts';
import { contactLinksOf, recordContactLinksChange } from './contact-links.ts';
import { findContactRow, stripContactKeys, type ProspectContactView } from './contact-view.ts';

/** Makes a prospect's contact its preferred one: the contact who receives prospecting emails. */
export async function setPreferredContact(db: Db, actor: Actor, prospectId: string, contactId: string): Promise<ProspectContactView> {
  return db.transaction(async (tx) => {
    await findProspectRow(tx, actor.organisationId, prospectId, { forUpdate: true });
    const contact = await findContactRow(tx, actor.organisationId, contactId);
    const before = await contactLinksOf(tx, prospectId);
    if (!before.contactIds.includes(contactId)) throw AppError.notFound('Contact of this prospect');
    if (before.preferredContactId !== contactId) {
      // Clear first: a partial unique index allows one preferred contact per prospect.
      await tx.update(prospectContactLinks).set({ isPreferred: false }).where(eq(prospectContactLinks.prospectId, prospectId));
      await tx
        .update(prospectContactLinks)
        .set({ isPreferred: true })
        .where(and(eq(prospectContactLinks.prospectId, prospectId), eq(prospectContactLinks.contactId, contactId)));
      await recordContactLinksChange(tx, actor, prospectId, before);
    }
    return { ...stripContactKeys(contact), isPreferred: true };
  });
}
