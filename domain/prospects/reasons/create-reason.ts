import type { Db } from '../../../db/client.ts';
import { prospectReasons } from '../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { recordHistory, type Actor } from '../../history/record-history.ts';
import type { ReasonInput } from './reason-input.ts';
import type { ReasonView } from './reason-view.ts';

/** Adds a win or loss reason to the organisation's list; a label is used once per kind. */
export async function createReason(db: Db, actor: Actor, input: ReasonInput): Promise<ReasonView> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(prospectReasons).values({ ...input, organisationId: actor.organisationId }).onConflictDoNothing().returning();
    if (!row) throw new AppError('conflict', 'A reason with this label already exists', { fields: [{ field: 'label', location: 'body', message: 'already used' }] });
    await recordHistory(tx, actor, { type: 'prospect_reason', id: row.id }, { action: 'create', after: row });
    return row;
  });
}
