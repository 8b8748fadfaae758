import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectContactLinks } from '../../../db/schema/index.ts';
import { recordHistory, type Actor } from '../../history/record-history.ts';
import { prospectEntityTypes } from '../history-subjects.ts';

export interface ContactLinksSnapshot {
  contactIds: string[];
  preferredContactId: string | null;
}

/** Which contacts a prospect has and which is preferred, as the prospect's history shows it. */
export async function contactLinksOf(db: Db, prospectId: string): Promise<ContactLinksSnapshot> {
  const links = await db
    .select()
    .from(prospectContactLinks)
    .where(eq(prospectContactLinks.prospectId, prospectId))
    .orderBy(asc(prospectContactLinks.createdAt), asc(prospectContactLinks.contactId));
  return { contactIds: links.map((link) => link.contactId), preferredContactId: links.find((link) => link.isPreferred)?.contactId ?? null };
}

/** Records on the prospect what changed in its contacts (`contactIds`, `preferredContactId`). */
export async function recordContactLinksChange(db: Db, actor: Actor, prospectId: string, before: ContactLinksSnapshot): Promise<void> {
  const after = await contactLinksOf(db, prospectId);
  await recordHistory(db, actor, { type: prospectEntityTypes.prospect, id: prospectId }, { action: 'update', before: { ...before }, after: { ...after } });
}
