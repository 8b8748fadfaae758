import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { portalSignInLinks } from '../../db/schema/index.ts';
import { activePortalCaller } from './portal-access.ts';
import type { PortalCaller } from './portal-caller.ts';
import { hashSecret } from './portal-secrets.ts';

/** Why a magic link does not sign in: never issued (or tampered with), too old, already used, or access revoked. */
export type SignInLinkRefusal = 'forged' | 'expired' | 'used' | 'revoked';

export type SignInLinkCheck = { ok: true; caller: PortalCaller; redirectPath: string; linkId: string } | { ok: false; reason: SignInLinkRefusal };

async function check(db: Db, token: string | undefined, now: Date, lock: boolean): Promise<SignInLinkCheck> {
  if (!token || !token.startsWith('ecl_') || token.length > 100) return { ok: false, reason: 'forged' };
  const query = db.select().from(portalSignInLinks).where(eq(portalSignInLinks.tokenHash, hashSecret(token)));
  const [link] = lock ? await query.for('update') : await query;
  if (!link) return { ok: false, reason: 'forged' };
  if (link.usedAt !== null) return { ok: false, reason: 'used' };
  if (link.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  const caller = await activePortalCaller(db, link.organisationId, link.contactId);
  if (!caller) return { ok: false, reason: 'revoked' };
  return { ok: true, caller, redirectPath: link.redirectPath, linkId: link.id };
}

/** Says whether a magic link would sign in now, without using it (the confirmation page). */
export async function checkSignInLink(db: Db, token: string | undefined, now = new Date()): Promise<SignInLinkCheck> {
  return check(db, token, now, false);
}

/**
 * Uses a magic link: checks it under a row lock and marks it used in the same transaction, so two
 * concurrent clicks sign in once. The caller then opens a session (`openPortalSession`).
 */
export async function consumeSignInLink(db: Db, token: string | undefined, now = new Date()): Promise<SignInLinkCheck> {
  return db.transaction(async (tx) => {
    const result = await check(tx, token, now, true);
    if (!result.ok) return result;
    const [used] = await tx
      .update(portalSignInLinks)
      .set({ usedAt: now })
      .where(and(eq(portalSignInLinks.id, result.linkId), isNull(portalSignInLinks.usedAt)))
      .returning({ id: portalSignInLinks.id });
    return used ? result : { ok: false, reason: 'used' };
  });
}
