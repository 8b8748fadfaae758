import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import type { UserPatch } from './user-input.ts';
import { findUser, replaceAccess, type UserView } from './user-view.ts';

/** Changes a staff member's details, role or access. */
export async function updateUser(db: Db, actor: Actor, userId: string, patch: UserPatch): Promise<UserView> {
  return db.transaction(async (tx) => {
    const before = await findUser(tx, actor.organisationId, userId);
    const { firmIds, services, ...fields } = patch;
    if (Object.keys(fields).length > 0) {
      await tx
        .update(users)
        .set({ ...fields, updatedAt: new Date() })
        .where(and(eq(users.organisationId, actor.organisationId), eq(users.id, userId)));
    }
    await replaceAccess(tx, actor.organisationId, userId, { firmIds, services });
    const after = await findUser(tx, actor.organisationId, userId);
    await recordHistory(tx, actor, { type: 'user', id: userId }, { action: 'update', before, after });
    return after;
  });
}
