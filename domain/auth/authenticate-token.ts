import { and, eq, isNull, sql } from 'drizzle-orm';
import { preparedPerDb, type Db } from '../../db/client.ts';
import { apiTokens, users } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import type { Caller } from './caller.ts';
import { hashToken } from './issue-api-token.ts';

/**
 * The token's user, if the token is not revoked and the user not deactivated: read on every
 * request (nothing cached), so a revocation or a deactivation refuses the very next request.
 * Prepared: one round trip.
 */
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

/** Resolves a bearer token to its caller, or refuses with 401. */
export async function authenticateToken(db: Db, token: string | undefined): Promise<Caller> {
  if (!token) throw new AppError('unauthorized', 'A bearer token is required (Authorization: Bearer <token>)');
  const [row] = await tokenCaller(db).execute({ tokenHash: hashToken(token) });
  if (!row) throw new AppError('unauthorized', 'The bearer token is unknown or revoked');
  return {
    organisationId: row.organisationId,
    userId: row.userId,
    role: row.role,
    label: `${row.firstName} ${row.lastName}`,
  };
}

/** Refuses non-admins with 403. */
export function assertAdmin(caller: Caller): void {
  if (caller.role !== 'admin') throw new AppError('forbidden', 'This action is reserved to administrators');
}
