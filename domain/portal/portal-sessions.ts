import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { portalSessions } from '../../db/schema/index.ts';
import { activePortalCaller } from './portal-access.ts';
import type { PortalCaller } from './portal-caller.ts';
import { hashSecret, newSecret } from './portal-secrets.ts';

/** How long a client-page session lasts after sign-in. */
export const PORTAL_SESSION_TTL_MS = 8 * 60 * 60 * 1000;

/** Opens a session for a contact who just used a magic link; returns the cookie's secret (stored hashed). */
export async function openPortalSession(db: Db, caller: PortalCaller, now = new Date()): Promise<{ secret: string; expiresAt: Date }> {
  const secret = newSecret('ecs_');
  const expiresAt = new Date(now.getTime() + PORTAL_SESSION_TTL_MS);
  await db.insert(portalSessions).values({ organisationId: caller.organisationId, contactId: caller.contactId, tokenHash: hashSecret(secret), expiresAt, createdAt: now });
  return { secret, expiresAt };
}

/**
 * The contact a session cookie signs in, or null: unknown, ended, expired, or the contact's access
 * revoked (or the contact deleted) since.
 */
export async function resolvePortalSession(db: Db, secret: string | undefined, now = new Date()): Promise<{ sessionId: string; caller: PortalCaller } | null> {
  if (!secret || !secret.startsWith('ecs_') || secret.length > 100) return null;
  const [session] = await db
    .select()
    .from(portalSessions)
    .where(and(eq(portalSessions.tokenHash, hashSecret(secret)), isNull(portalSessions.endedAt), gt(portalSessions.expiresAt, now)));
  if (!session) return null;
  const caller = await activePortalCaller(db, session.organisationId, session.contactId);
  return caller ? { sessionId: session.id, caller } : null;
}

/** Ends a session (sign-out). */
export async function endPortalSession(db: Db, sessionId: string, now = new Date()): Promise<void> {
  await db.update(portalSessions).set({ endedAt: now }).where(and(eq(portalSessions.id, sessionId), isNull(portalSessions.endedAt)));
}
