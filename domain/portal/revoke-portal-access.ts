import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { portalContactAccess, portalSessions } from '../../db/schema/index.ts';
import { findClientContact } from '../clients/find-client-contact.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';

/**
 * Withdraws a contact's access to the client pages: their sessions end at once, their sign-in
 * links and calendar feed stop working, and every page answers 404. Granting it again
 * (`restorePortalAccess`) does not revive the old calendar URL.
 */
export async function revokePortalAccess(db: Db, actor: Actor, clientId: string, contactId: string, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    await findClientContact(tx, actor.organisationId, clientId, contactId);
    await tx
      .insert(portalContactAccess)
      .values({ contactId, organisationId: actor.organisationId, revokedAt: now, calendarTokenHash: null, updatedAt: now })
      .onConflictDoUpdate({ target: portalContactAccess.contactId, set: { revokedAt: now, calendarTokenHash: null, updatedAt: now } });
    await tx.update(portalSessions).set({ endedAt: now }).where(and(eq(portalSessions.contactId, contactId), isNull(portalSessions.endedAt)));
    await recordHistory(tx, actor, { type: 'client_contact', id: contactId }, { action: 'update', before: { clientPages: 'allowed' }, after: { clientPages: `revoked at ${now.toISOString()}` } });
  });
}

/** Gives a revoked contact their access to the client pages back (a new sign-in link is needed). */
export async function restorePortalAccess(db: Db, actor: Actor, clientId: string, contactId: string, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    await findClientContact(tx, actor.organisationId, clientId, contactId);
    await tx.update(portalContactAccess).set({ revokedAt: null, updatedAt: now }).where(eq(portalContactAccess.contactId, contactId));
    await recordHistory(tx, actor, { type: 'client_contact', id: contactId }, { action: 'update', before: { clientPages: 'revoked' }, after: { clientPages: 'allowed' } });
  });
}
