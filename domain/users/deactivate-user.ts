import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { apiTokens, users } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { findUser } from './user-view.ts';

/**
 * Removes a staff member's access: deactivates the account and revokes its tokens. Users are
 * never hard-deleted because history entries keep pointing at them.
 */
export async function deactivateUser(db: Db, actor: Actor, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await findUser(tx, actor.organisationId, userId);
    if (actor.kind === 'user' && actor.userId === userId) throw new AppError('conflict', 'You cannot deactivate your own account');
    const now = new Date();
    await tx.update(users).set({ deactivatedAt: now, updatedAt: now }).where(and(eq(users.organisationId, actor.organisationId), eq(users.id, userId)));
    await tx.update(apiTokens).set({ revokedAt: now }).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
    await recordHistory(tx, actor, { type: 'user', id: userId }, { action: 'update', before, after: { ...before, deactivatedAt: now } });
  });
}
