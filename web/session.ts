import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { findPortalBranding } from '../domain/portal/find-portal-branding.ts';
import { openPortalSession, resolvePortalSession } from '../domain/portal/portal-sessions.ts';
import type { PortalCaller } from '../domain/portal/portal-caller.ts';
import { cookieOptions } from './cookies.ts';
import { rotateCsrfToken } from './csrf.ts';
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
  if (!resolved) return null;
  return { ...resolved, branding: await findPortalBranding(db, resolved.caller.organisationId, resolved.caller.clientId) };
}

/**
 * Guards the signed-in pages: sets `portal` (the contact, their client, the firm's branding), or
 * sends the visitor to the sign-in page with the page they wanted (303, so a POST becomes a GET).
 * A revoked contact's session no longer resolves: they are signed out.
 */
export const requirePortalSession: MiddlewareHandler<WebEnv> = async (c, next) => {
  const session = await currentPortalSession(c);
  if (!session) {
    if (getCookie(c, SESSION_COOKIE)) clearPortalSession(c);
    return c.redirect(signInPath(c.req.method === 'GET' ? c.req.path : undefined), 303);
  }
  c.set('portal', session);
  await next();
};
