import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clientContacts, clients } from '../../db/schema/index.ts';
import { hashToken } from '../auth/issue-api-token.ts';
import { AppError } from '../errors.ts';
import { portalCallerColumns, portalCallerOf, type PortalCaller } from './portal-caller.ts';

/**
 * Resolves a client contact's portal token (issued by staff, only its SHA-256 stored) to the
 * contact and client it acts for; unknown, rotated or revoked tokens are a 401.
 */
export async function authenticatePortalToken(db: Db, token: string | undefined): Promise<PortalCaller> {
  if (!token) throw new AppError('unauthorized', 'A portal access token is required (Authorization: Bearer <token>, or ?token=)');
  const [row] = await db
    .select(portalCallerColumns)
    .from(clientContacts)
    .innerJoin(clients, eq(clients.id, clientContacts.clientId))
    .where(eq(clientContacts.portalTokenHash, hashToken(token)))
    .limit(1);
  if (!row) throw new AppError('unauthorized', 'The portal access token is unknown or was replaced');
  return portalCallerOf(row);
}
