import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clientContacts } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { contactView, type ClientContact } from './find-client.ts';

/** Loads one contact of one client of the organisation, or 404 (also when the contact belongs to another client). */
export async function findClientContact(db: Db, organisationId: string, clientId: string, contactId: string): Promise<ClientContact> {
  const [row] = await db
    .select()
    .from(clientContacts)
    .where(and(eq(clientContacts.organisationId, organisationId), eq(clientContacts.clientId, clientId), eq(clientContacts.id, contactId)));
  if (!row) throw AppError.notFound('Contact');
  return contactView(row);
}
