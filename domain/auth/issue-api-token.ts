import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { apiTokens } from '../../db/schema/index.ts';

const prefix = 'ech_';

/** SHA-256 of a token secret: what the database stores and looks up. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Issues a bearer token for a user. The secret is returned once and only its hash is stored,
 * so a database leak does not leak credentials.
 */
export async function issueApiToken(
  db: Db,
  input: { organisationId: string; userId: string; name: string },
): Promise<{ id: string; token: string }> {
  const token = `${prefix}${randomBytes(32).toString('base64url')}`;
  const [row] = await db
    .insert(apiTokens)
    .values({ ...input, tokenHash: hashToken(token) })
    .returning({ id: apiTokens.id });
  return { id: row!.id, token };
}
