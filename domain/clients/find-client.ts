import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { preparedPerDb, type Db } from '../../db/client.ts';
import { clientContacts, clients } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';

export type ClientRow = typeof clients.$inferSelect;
type ContactRow = typeof clientContacts.$inferSelect;
/** A contact as staff see it: the portal token's hash never leaves the database, only whether one exists. */
export type ClientContact = Omit<ContactRow, 'portalTokenHash'> & { hasPortalAccess: boolean };
export type ClientView = ClientRow & { contacts: ClientContact[] };

/** The staff view of a contact row. */
export function contactView({ portalTokenHash, ...contact }: ContactRow): ClientContact {
  return { ...contact, hasPortalAccess: portalTokenHash !== null };
}

/** Attaches each client's contacts, oldest first. */
export async function withContacts(db: Db, rows: ClientRow[]): Promise<ClientView[]> {
  if (rows.length === 0) return [];
  const contacts = await db
    .select()
    .from(clientContacts)
    .where(inArray(clientContacts.clientId, rows.map((row) => row.id)))
    .orderBy(asc(clientContacts.createdAt), asc(clientContacts.id));
  return rows.map((row) => ({ ...row, contacts: contacts.filter((contact) => contact.clientId === row.id).map(contactView) }));
}

/** One client of the organisation joined to its contacts (one row per contact), oldest contact first. */
const clientWithContacts = preparedPerDb((db) =>
  db
    .select({ client: clients, contact: clientContacts })
    .from(clients)
    .leftJoin(clientContacts, eq(clientContacts.clientId, clients.id))
    .where(and(eq(clients.organisationId, sql.placeholder('organisationId')), eq(clients.id, sql.placeholder('clientId'))))
    .orderBy(asc(clientContacts.createdAt), asc(clientContacts.id))
    .prepare('find_client'),
);

/** Loads one client of the organisation with its contacts (one prepared query), or 404. */
export async function findClient(db: Db, organisationId: string, clientId: string): Promise<ClientView> {
  const rows = await clientWithContacts(db).execute({ organisationId, clientId });
  if (rows.length === 0) throw AppError.notFound('Client');
  return { ...rows[0]!.client, contacts: rows.flatMap(({ contact }) => (contact ? [contactView(contact)] : [])) };
}

/**
 * Loads a client for a change to its contacts, locking its row until the transaction ends so
 * two concurrent changes cannot leave it with two preferred contacts (or none).
 */
export async function lockClient(db: Db, organisationId: string, clientId: string): Promise<ClientRow> {
  const [row] = await db
    .select()
    .from(clients)
    .where(and(eq(clients.organisationId, organisationId), eq(clients.id, clientId)))
    .for('update');
  if (!row) throw AppError.notFound('Client');
  return row;
}
