import { and, eq, isNull, sql } from 'drizzle-orm';
import { preparedPerDb, type Db } from '../../db/client.ts';
import { apiTokens, users } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import type { Caller } from './caller.ts';
import { hashToken } from './issue-api-token.ts';

/** The token's user, if the token is not revoked and the user not deactivated. Prepared: one round trip. */
const tokenCaller = preparedPerDb((db) =>
  db
    .select({
      organisationId: users.organisationId,
      userId: users.id,
      role: users.role,
      firstName: users.firstName,
      lastName: users.lastName,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, sql.placeholder('tokenHash')), isNull(apiTokens.revokedAt), isNull(users.deactivatedAt)))
    .limit(1)
    .prepare('authenticate_token'),
);

/**
 * How long a token's lookup is reused by this process: the bound on how late a revocation, a
 * user's deactivation or a role change made by another process (another API replica, an
 * operator in SQL) is seen. Changes made through this process's API take effect at once
 * (`forgetUserTokens`). An unknown or revoked token is never remembered: it is looked up again.
 */
export const TOKEN_LOOKUP_REUSE_MS = 1000;

/** Token lookups remembered at most, per database handle; the oldest is forgotten first. */
const MAX_REMEMBERED_TOKENS = 10_000;

/** Database handle → token hash → its caller, until when. */
const remembered = new WeakMap<Db, Map<string, { caller: Caller; until: number }>>();

/** Resolves a bearer token to its caller, or refuses with 401. */
export async function authenticateToken(db: Db, token: string | undefined, now = Date.now()): Promise<Caller> {
  if (!token) throw new AppError('unauthorized', 'A bearer token is required (Authorization: Bearer <token>)');
  const tokenHash = hashToken(token);
  let tokens = remembered.get(db);
  if (!tokens) remembered.set(db, (tokens = new Map()));
  const known = tokens.get(tokenHash);
  if (known && known.until > now) return known.caller;
  tokens.delete(tokenHash);
  const [row] = await tokenCaller(db).execute({ tokenHash });
  if (!row) throw new AppError('unauthorized', 'The bearer token is unknown or revoked');
  const caller: Caller = Object.freeze({
    organisationId: row.organisationId,
    userId: row.userId,
    role: row.role,
    label: `${row.firstName} ${row.lastName}`,
  });
  tokens.set(tokenHash, { caller, until: now + TOKEN_LOOKUP_REUSE_MS });
  if (tokens.size > MAX_REMEMBERED_TOKENS) tokens.delete(tokens.keys().next().value!);
  return caller;
}

/** Forgets this process's lookups of a user's tokens (deactivated, role changed): their next request reads the database. */
export function forgetUserTokens(db: Db, userId: string): void {
  const tokens = remembered.get(db);
  if (!tokens) return;
  for (const [tokenHash, { caller }] of tokens) if (caller.userId === userId) tokens.delete(tokenHash);
}

/** Refuses non-admins with 403. */
export function assertAdmin(caller: Caller): void {
  if (caller.role !== 'admin') throw new AppError('forbidden', 'This action is reserved to administrators');
}
