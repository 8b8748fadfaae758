import type { Db } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import type { UserInput } from './user-input.ts';
import { findUser, replaceAccess, type UserView } from './user-view.ts';

/** Adds a staff member with their firm and service access; an email is used once per organisation. */
export async function createUser(db: Db, actor: Actor, input: UserInput): Promise<UserView> {
  return db.transaction(async (tx) => {
    const { firmIds, services, ...fields } = input;
    const [row] = await tx
      .insert(users)
      .values({ ...fields, organisationId: actor.organisationId })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('conflict', 'A user with this email already exists', { fields: [{ field: 'email', location: 'body', message: 'already used' }] });
    await replaceAccess(tx, actor.organisationId, row.id, { firmIds, services });
    const view = await findUser(tx, actor.organisationId, row.id);
    await recordHistory(tx, actor, { type: 'user', id: row.id }, { action: 'create', after: view });
    return view;
  });
}
