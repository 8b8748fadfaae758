import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectContactLinks, prospectContacts } from '../../../db/schema/index.ts';
import { findProspectRow } from '../prospect-view.ts';
import { stripContactKeys, type ProspectContactView } from './contact-view.ts';

/** A prospect's contacts, the preferred one first, then in the order they were added. */
export async function listProspectContacts(db: Db, organisationId: string, prospectId: string): Promise<ProspectContactView[]> {
  await findProspectRow(db, organisationId, prospectId);
  const rows = await db
    .select({ contact: prospectContacts, isPreferred: prospectContactLinks.isPreferred })
    .from(prospectContactLinks)
    .innerJoin(prospectContacts, eq(prospectContacts.id, prospectContactLinks.contactId))
    .where(eq(prospectContactLinks.prospectId, prospectId))
    .orderBy(asc(prospectContactLinks.createdAt), asc(prospectContacts.id));
  return rows
    .map(({ contact, isPreferred }) => ({ ...stripContactKeys(contact), isPreferred }))
    .sort((a, b) => Number(b.isPreferred) - Number(a.isPreferred));
}
