import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clientContacts, clients } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';

export type ClientRow = typeof clients.$inferSelect;
export type ClientContact = Omit<typeof clientContacts.$inferSelect, 'portalTokenHash'>;
export type ClientView = ClientRow & { contacts: ClientContact[] };

/** Loads one client of the organisation with its contacts, or 404. */
export async function findClient(db: Db, organisationId: string, clientId: string): Promise<ClientView> {
  const [row] = await db.select().from(clients).where(and(eq(clients.organisationId, organisationId), eq(clients.id, clientId)));
  if (!row) throw AppError.notFound('Client');
  const contacts = await db.select().from(clientContacts).where(eq(clientContacts.clientId, clientId)).orderBy(asc(clientContacts.createdAt), asc(clientContacts.id));
  return { ...row, contacts: contacts.map(({ portalTokenHash: _hidden, ...contact }) => contact) };
}
