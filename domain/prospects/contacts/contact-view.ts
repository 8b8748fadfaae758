import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectContactLinks, prospectContacts } from '../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { phoneDigitsOrNull, searchText } from '../search-keys.ts';

export type ContactRow = typeof prospectContacts.$inferSelect;
/** A contact as the API shows it: without search keys, with the prospects it is linked to. */
export type ContactView = Omit<ContactRow, 'nameSearch' | 'homePhoneDigits' | 'mobileDigits'> & {
  prospects: Array<{ prospectId: string; isPreferred: boolean }>;
};
/** A contact in a prospect's list: whether it is that prospect's preferred contact. */
export type ProspectContactView = Omit<ContactView, 'prospects'> & { isPreferred: boolean };

export function contactSearchColumns(fields: Pick<ContactRow, 'firstName' | 'lastName' | 'homePhone' | 'mobile'>) {
  return {
    nameSearch: searchText(`${fields.firstName} ${fields.lastName}`),
    homePhoneDigits: phoneDigitsOrNull(fields.homePhone),
    mobileDigits: phoneDigitsOrNull(fields.mobile),
  };
}

export function stripContactKeys(row: ContactRow): Omit<ContactView, 'prospects'> {
  const { nameSearch: _name, homePhoneDigits: _home, mobileDigits: _mobile, ...view } = row;
  return view;
}

/** Loads one contact of the organisation, or 404. */
export async function findContactRow(db: Db, organisationId: string, contactId: string): Promise<ContactRow> {
  const [row] = await db.select().from(prospectContacts).where(and(eq(prospectContacts.organisationId, organisationId), eq(prospectContacts.id, contactId)));
  if (!row) throw AppError.notFound('Contact');
  return row;
}

/** Loads one contact of the organisation with its prospect links, or 404. */
export async function findContact(db: Db, organisationId: string, contactId: string): Promise<ContactView> {
  const row = await findContactRow(db, organisationId, contactId);
  const links = await db
    .select({ prospectId: prospectContactLinks.prospectId, isPreferred: prospectContactLinks.isPreferred })
    .from(prospectContactLinks)
    .where(eq(prospectContactLinks.contactId, contactId))
    .orderBy(asc(prospectContactLinks.createdAt), asc(prospectContactLinks.prospectId));
  return { ...stripContactKeys(row), prospects: links };
}
