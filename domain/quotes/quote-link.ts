import { createHmac, timingSafeEqual } from 'node:crypto';
import { addDays } from '../calendar/iso-date.ts';
import { parisInstant } from '../calendar/paris-time.ts';

/** Days after the end of validity during which the link still opens the page (proofs of an accepted quote). */
export const QUOTE_LINK_GRACE_DAYS = 90;

const b64url = (buffer: Buffer) => buffer.toString('base64url');

/**
 * The online quote's link secret: the quote id and an expiry, signed with the installation's key
 * (HMAC-SHA256, the signature module's link secret). Unguessable, bound to one quote, useless
 * after expiry; derived rather than stored, so every email of a quote carries the same link.
 */
export function quoteLinkToken(linkSecret: Uint8Array, quote: { id: string; validUntil: string }): string {
  const expiresAt = parisInstant(addDays(quote.validUntil, QUOTE_LINK_GRACE_DAYS + 1));
  const payload = b64url(Buffer.from(JSON.stringify({ q: quote.id, e: Math.floor(expiresAt.getTime() / 1000) })));
  const mac = b64url(createHmac('sha256', linkSecret).update(`quote:${payload}`).digest());
  return `${payload}.${mac}`;
}

/** Checks a quote link: `forged` (bad MAC or shape), `expired`, or the quote id. Constant-time on the MAC. */
export function verifyQuoteLinkToken(linkSecret: Uint8Array, token: string, now: Date): { ok: true; quoteId: string } | { ok: false; reason: 'forged' | 'expired' } {
  const [payload, mac, extra] = token.split('.');
  if (!payload || !mac || extra !== undefined) return { ok: false, reason: 'forged' };
  const expected = createHmac('sha256', linkSecret).update(`quote:${payload}`).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  let parsed: { q?: unknown; e?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { q?: unknown; e?: unknown };
  } catch {
    return { ok: false, reason: 'forged' };
  }
  if (typeof parsed.q !== 'string' || typeof parsed.e !== 'number') return { ok: false, reason: 'forged' };
  if (parsed.e * 1000 < now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, quoteId: parsed.q };
}

/** The online quote page's address (`/devis/<token>`). */
export function quoteUrl(publicBaseUrl: string, linkSecret: Uint8Array, quote: { id: string; validUntil: string }): string {
  return new URL(`/devis/${quoteLinkToken(linkSecret, quote)}`, publicBaseUrl).toString();
}
