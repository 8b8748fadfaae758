import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clientContacts, clients, portalContactAccess } from '../../db/schema/index.ts';
import { portalCallerColumns, portalCallerOf, type PortalCaller } from './portal-caller.ts';

/**
 * Loads the caller of a contact whose client-page access is not revoked, or null: a deleted or
 * revoked contact, or a contact of another organisation, never gets a page.
 */
export async function activePortalCaller(db: Db, organisationId: string, contactId: string): Promise<PortalCaller | null> {
  const [row] = await db
    .select({ ...portalCallerColumns, revokedAt: portalContactAccess.revokedAt })
    .from(clientContacts)
    .innerJoin(clients, eq(clients.id, clientContacts.clientId))
    .leftJoin(portalContactAccess, eq(portalContactAccess.contactId, clientContacts.id))
    .where(and(eq(clientContacts.organisationId, organisationId), eq(clientContacts.id, contactId)));
  if (!row || row.revokedAt !== null) return null;
  return portalCallerOf(row);
}

/** True when the contact's client-page access was revoked. */
export async function isPortalAccessRevoked(db: Db, contactId: string): Promise<boolean> {
  const [row] = await db
    .select({ contactId: portalContactAccess.contactId })
    .from(portalContactAccess)
    .where(and(eq(portalContactAccess.contactId, contactId), isNotNull(portalContactAccess.revokedAt)));
  return row !== undefined;
}
