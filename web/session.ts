import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { findPortalBranding } from '../domain/portal/find-portal-branding.ts';
import { openPortalSession, resolvePortalSession } from '../domain/portal/portal-sessions.ts';
import type { PortalCaller } from '../domain/portal/portal-caller.ts';
import { cookieOptions } from './cookies.ts';
import { rotateCsrfToken } from './csrf.ts';
import { WebError } from './errors.tsx';
import type { WebEnv } from './web-env.ts';

/** The session cookie of the client pages (its value is a secret whose SHA-256 is stored). */
export const SESSION_COOKIE = 'ech_portail';

/** Where a signed-out visitor is sent, remembering the page they wanted. */
export function signInPath(wanted?: string): string {
  return wanted && wanted !== '/portail' ? `/portail/connexion?suite=${encodeURIComponent(wanted)}` : '/portail/connexion';
}

/**
 * Opens a session for a contact who used a magic link: a new HttpOnly cookie (Secure outside
 * localhost, SameSite=Lax, expiring with the session) and a new CSRF secret.
 */
export async function startPortalSession(c: Context<WebEnv>, caller: PortalCaller): Promise<void> {
  const { secret, expiresAt } = await openPortalSession(c.get('deps').database.db, caller);
  setCookie(c, SESSION_COOKIE, secret, cookieOptions(c, { expires: expiresAt }));
  rotateCsrfToken(c);
}

/** Forgets the session cookie (sign-out). */
export function clearPortalSession(c: Context<WebEnv>): void {
  deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
}

/** Reads the session cookie: the signed-in contact with the firm's branding, or null. */
export async function currentPortalSession(c: Context<WebEnv>): Promise<WebEnv['Variables']['portal'] | null> {
  const db = c.get('deps').database.db;
  const resolved = await resolvePortalSession(db, getCookie(c, SESSION_COOKIE));
  if (resolved.status !== 'active') return null;
  return { sessionId: resolved.sessionId, caller: resolved.caller, branding: await findPortalBranding(db, resolved.caller.organisationId, resolved.caller.clientId) };
}

/**
 * Guards the signed-in pages: sets `portal` (the contact, their client, the firm's branding), or
 * sends the visitor to the sign-in page with the page they wanted (303, so a POST becomes a GET).
 * A revoked contact (whose session was ended by the revocation) gets the 404 page and loses the
 * cookie: nothing tells them what the page held.
 */
export const requirePortalSession: MiddlewareHandler<WebEnv> = async (c, next) => {
  const db = c.get('deps').database.db;
  const cookie = getCookie(c, SESSION_COOKIE);
  const resolved = await resolvePortalSession(db, cookie);
  if (resolved.status !== 'active') {
    if (cookie) clearPortalSession(c);
    if (resolved.status === 'revoked') throw new WebError(404, 'not_found');
    return c.redirect(signInPath(c.req.method === 'GET' ? c.req.path : undefined), 303);
  }
  c.set('portal', { sessionId: resolved.sessionId, caller: resolved.caller, branding: await findPortalBranding(db, resolved.caller.organisationId, resolved.caller.clientId) });
  await next();
};
