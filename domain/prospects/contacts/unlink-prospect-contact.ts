import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectContactLinks } from '../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../history/record-history.ts';
import { findProspectRow } from '../prospect-view.ts';
import { refreshContactKeys } from './refresh-contact-keys.ts';
import { contactLinksOf, recordContactLinksChange } from './contact-links.ts';
import { findContactRow } from './contact-view.ts';

/**
 * Removes a contact from a prospect (the person stays in the organisation). The preferred
 * contact cannot be removed: another one must be made preferred first.
 */
export async function unlinkProspectContact(db: Db, actor: Actor, prospectId: string, contactId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await findProspectRow(tx, actor.organisationId, prospectId, { forUpdate: true });
    await findContactRow(tx, actor.organisationId, contactId);
    const before = await contactLinksOf(tx, prospectId);
    if (!before.contactIds.includes(contactId)) throw AppError.notFound('Contact of this prospect');
    if (before.preferredContactId === contactId) {
      throw new AppError('conflict', 'This contact is the prospect’s preferred contact (it receives the prospecting emails); make another contact preferred before removing it', {
        reason: 'preferred_contact',
      });
    }
    await tx.delete(prospectContactLinks).where(and(eq(prospectContactLinks.prospectId, prospectId), eq(prospectContactLinks.contactId, contactId)));
    await recordContactLinksChange(tx, actor, prospectId, before);
    await refreshContactKeys(tx, [prospectId]);
  });
}
