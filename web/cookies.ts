import type { Context } from 'hono';
import type { CookieOptions } from 'hono/utils/cookie';

const localHosts = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * The attributes of every cookie the client pages set: HttpOnly, SameSite=Lax (the link in an
 * email is a cross-site navigation that must arrive signed in; cross-site POSTs never carry it),
 * Path=/, and Secure unless the service is served from localhost (PUBLIC_BASE_URL), where
 * browsers would drop a Secure cookie over plain http.
 */
export function cookieOptions(c: Context, extra: Partial<CookieOptions> = {}): CookieOptions {
  const base = new URL(c.get('deps').config.PUBLIC_BASE_URL);
  const secure = base.protocol === 'https:' || !localHosts.has(base.hostname);
  return { httpOnly: true, sameSite: 'Lax', path: '/', secure, ...extra };
}
