import { and, eq, isNull } from 'drizzle-orm';
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
 * The contact a session cookie signs in: `active` with the caller; `revoked` when the cookie was
 * a session of a contact whose access has been revoked (or who was deleted) since — the pages then
 * answer 404, like any page the visitor may not see; `none` for an unknown, ended or expired one.
 */
export async function resolvePortalSession(
  db: Db,
  secret: string | undefined,
  now = new Date(),
): Promise<{ status: 'active'; sessionId: string; caller: PortalCaller } | { status: 'revoked' | 'none' }> {
  if (!secret || !secret.startsWith('ecs_') || secret.length > 100) return { status: 'none' };
  const [session] = await db.select().from(portalSessions).where(eq(portalSessions.tokenHash, hashSecret(secret)));
  if (!session) return { status: 'none' };
  const caller = await activePortalCaller(db, session.organisationId, session.contactId);
  if (!caller) return { status: 'revoked' };
  if (session.endedAt !== null || session.expiresAt.getTime() <= now.getTime()) return { status: 'none' };
  return { status: 'active', sessionId: session.id, caller };
}

/** Ends a session (sign-out). */
export async function endPortalSession(db: Db, sessionId: string, now = new Date()): Promise<void> {
  await db.update(portalSessions).set({ endedAt: now }).where(and(eq(portalSessions.id, sessionId), isNull(portalSessions.endedAt)));
}
