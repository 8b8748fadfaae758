import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clientContacts } from '../../db/schema/index.ts';
import { hashToken } from '../auth/issue-api-token.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { findClientContact } from './find-client-contact.ts';

const prefix = 'ecp_';

export interface IssuedPortalToken {
  contactId: string;
  /** The secret, shown once; only its SHA-256 is stored. */
  token: string;
  /** The client-facing page, carrying the token. */
  portalUrl: string;
}

/**
 * Gives a client contact access to the client portal, where they answer information requests
 * and ask for services. Issuing again rotates the token: the previous link stops working.
 */
export async function issuePortalToken(db: Db, actor: Actor, clientId: string, contactId: string, publicBaseUrl: string): Promise<IssuedPortalToken> {
  return db.transaction(async (tx) => {
    const before = await findClientContact(tx, actor.organisationId, clientId, contactId);
    const token = `${prefix}${randomBytes(32).toString('base64url')}`;
    const now = new Date();
    await tx
      .update(clientContacts)
      .set({ portalTokenHash: hashToken(token), updatedAt: now })
      .where(and(eq(clientContacts.clientId, clientId), eq(clientContacts.id, contactId)));
    await recordHistory(tx, actor, { type: 'client_contact', id: contactId }, {
      action: 'update',
      before: { portalAccess: before.hasPortalAccess ? 'issued' : null },
      after: { portalAccess: `${before.hasPortalAccess ? 'rotated' : 'issued'} at ${now.toISOString()}` },
    });
    const portalUrl = new URL('/portal', publicBaseUrl);
    portalUrl.searchParams.set('token', token);
    return { contactId, token, portalUrl: portalUrl.toString() };
  });
}
