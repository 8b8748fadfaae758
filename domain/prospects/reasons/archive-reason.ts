import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectReasons } from '../../../db/schema/index.ts';
import { recordHistory, type Actor } from '../../history/record-history.ts';
import { findReason } from './reason-view.ts';

/**
 * Removes a reason from the choices. It is archived rather than deleted: files that were
 * signed or lost for this reason keep it.
 */
export async function archiveReason(db: Db, actor: Actor, reasonId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await findReason(tx, actor.organisationId, reasonId);
    if (before.archivedAt) return;
    const [after] = await tx.update(prospectReasons).set({ archivedAt: new Date(), updatedAt: new Date() }).where(eq(prospectReasons.id, reasonId)).returning();
    await recordHistory(tx, actor, { type: 'prospect_reason', id: reasonId }, { action: 'update', before, after: after! });
  });
}
