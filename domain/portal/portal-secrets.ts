import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The secrets of client-facing links and cookies: 32 random bytes, base64url, with a prefix that
 * says what they open (`ecl_` sign-in link, `ecs_` session, `ecc_` calendar feed). Only their
 * SHA-256 is stored, so a database leak opens nothing.
 */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** SHA-256 (hex) of a secret: what the database stores and looks up. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares two strings in constant time (for CSRF tokens and other values compared in memory). */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
