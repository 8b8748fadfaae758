import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { idempotencyKeys } from '../../db/schema/index.ts';
import type { AppEnv } from '../context.ts';
import { problem } from '../problem.ts';
import type { MultipartSpool } from './body-limit.ts';

/**
 * Honours `Idempotency-Key` on every POST: the first successful response is stored and replayed
 * byte for byte; the same key with another method, path or body is a 422; a key whose first
 * request is still running is a 409. Failed requests release their key, so a corrected retry
 * with the same key goes through (and a rejected request leaves nothing behind). Mounted after
 * staff authentication for staff routes, and after portal authentication for client routes.
 */
/** The longest Idempotency-Key accepted, as documented on every POST. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** Why a key is refused: too long, or with characters outside visible ASCII and space. */
export function idempotencyKeyProblem(key: string): string | undefined {
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) return `at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`;
  if (!/^[\x20-\x7e]+$/.test(key)) return 'only visible ASCII characters and spaces';
  return undefined;
}

export const idempotency: MiddlewareHandler<AppEnv> = async (c, next) => {
  let key = c.req.header('Idempotency-Key');
  if (c.req.method !== 'POST' || !key) return next();
  const keyProblem = idempotencyKeyProblem(key);
  if (keyProblem) {
    return problem(c, 400, 'The Idempotency-Key header is invalid', { code: 'invalid_input', errors: [{ field: 'idempotency-key', location: 'header', message: keyProblem }] });
  }
  // Staff keys are the organisation's; a client contact's keys are theirs alone (prefixed), so a
  // contact can never replay or collide with a staff request.
  const staff = c.get('caller');
  const contact = c.get('portalCaller');
  const caller = staff ?? contact;
  if (!caller) return next();
  if (!staff && contact) key = `portal:${contact.contactId}:${key}`;
  const db = c.get('deps').database.db;
  // Hash the raw bytes, never more than the body limit: a multipart body is hashed by its spool
  // while it streams to disk; any other body is already in memory, cut at its limit.
  const spool = c.get('multipartSpool') as MultipartSpool | undefined;
  const bodyHash = spool !== undefined ? await spool.sha256() : createHash('sha256').update(new Uint8Array(await c.req.arrayBuffer())).digest('hex');
  const requestHash = createHash('sha256').update(`${c.req.method} ${c.req.path}\n${bodyHash}`).digest('hex');
  const scope = and(eq(idempotencyKeys.organisationId, caller.organisationId), eq(idempotencyKeys.key, key));

  const claimed = await db
    .insert(idempotencyKeys)
    .values({ organisationId: caller.organisationId, key, requestHash })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (claimed.length === 0) {
    const [previous] = await db.select().from(idempotencyKeys).where(scope);
    if (!previous || previous.requestHash !== requestHash) {
      return problem(c, 422, 'This Idempotency-Key was already used with a different request', { code: 'idempotency_mismatch' });
    }
    if (previous.completedAt === null || previous.statusCode === null) {
      return problem(c, 409, 'A request with this Idempotency-Key is still being processed; retry later', { code: 'conflict' });
    }
    return c.body(previous.responseBody ?? '', previous.statusCode as ContentfulStatusCode, {
      'Content-Type': previous.responseContentType ?? 'application/json',
      'Idempotent-Replayed': 'true',
    });
  }

  await next();
  if (c.res.status >= 200 && c.res.status < 300) {
    await db
      .update(idempotencyKeys)
      .set({
        statusCode: c.res.status,
        responseBody: await c.res.clone().text(),
        responseContentType: c.res.headers.get('Content-Type'),
        completedAt: new Date(),
      })
      .where(scope);
  } else {
    await db.delete(idempotencyKeys).where(scope);
  }
  return undefined;
};
