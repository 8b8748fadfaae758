import { randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { constantTimeEqual } from '../domain/portal/portal-secrets.ts';
import { cookieOptions } from './cookies.ts';
import { WebError } from './errors.tsx';
import type { WebEnv } from './web-env.ts';

/** The cookie holding the browser's CSRF secret, and the form field (or header) that must repeat it. */
export const CSRF_COOKIE = 'ech_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

const shape = /^[A-Za-z0-9_-]{43}$/;
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Gives the browser a fresh CSRF secret (after sign-in, so a pre-set one cannot be reused). */
export function rotateCsrfToken(c: Parameters<MiddlewareHandler<WebEnv>>[0]): string {
  const token = randomBytes(32).toString('base64url');
  setCookie(c, CSRF_COOKIE, token, cookieOptions(c, { maxAge: 60 * 60 * 24 }));
  c.set('csrfToken', token);
  return token;
}

/**
 * CSRF protection of every client-facing form (double-submit token): the browser holds a random
 * secret in an HttpOnly, SameSite cookie; each page puts it in a hidden `_csrf` field of its forms
 * (`<CsrfField />`), and every POST must send it back — as that field or as the `X-CSRF-Token`
 * header (script uploads) — equal to the cookie, compared in constant time. A missing or wrong
 * token is a 403 page, before the handler runs. Another site can neither read the cookie nor
 * make the browser send it on a cross-site POST (SameSite=Lax).
 *
 * The form body is parsed here (`parseBody({ all: true })`, cached by Hono), so handlers read the
 * same parsed body.
 */
export const csrf: MiddlewareHandler<WebEnv> = async (c, next) => {
  const cookie = getCookie(c, CSRF_COOKIE);
  const token = cookie && shape.test(cookie) ? cookie : null;
  if (token) c.set('csrfToken', token);
  else rotateCsrfToken(c);
  if (!safeMethods.has(c.req.method)) {
    let sent = c.req.header(CSRF_HEADER);
    if (!sent && /^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(c.req.header('Content-Type') ?? '')) {
      const field = (await c.req.parseBody({ all: true }))[CSRF_FIELD];
      sent = typeof field === 'string' ? field : undefined;
    }
    if (!token || !sent || !constantTimeEqual(sent, token)) throw new WebError(403, 'csrf');
  }
  await next();
};
