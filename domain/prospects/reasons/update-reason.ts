import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectReasons } from '../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { recordHistory, type Actor } from '../../history/record-history.ts';
import { findReason, type ReasonView } from './reason-view.ts';

/** Renames a reason (files keep pointing at it, so they show the new label). */
export async function updateReason(db: Db, actor: Actor, reasonId: string, patch: { label?: string | undefined }): Promise<ReasonView> {
  return db.transaction(async (tx) => {
    const before = await findReason(tx, actor.organisationId, reasonId);
    if (patch.label === undefined || patch.label === before.label) return before;
    const clash = await tx
      .select({ id: prospectReasons.id })
      .from(prospectReasons)
      .where(and(eq(prospectReasons.organisationId, actor.organisationId), eq(prospectReasons.kind, before.kind), eq(prospectReasons.label, patch.label)));
    if (clash.length > 0) throw new AppError('conflict', 'A reason with this label already exists', { fields: [{ field: 'label', location: 'body', message: 'already used' }] });
    const [after] = await tx.update(prospectReasons).set({ label: patch.label, updatedAt: new Date() }).where(eq(prospectReasons.id, reasonId)).returning();
    await recordHistory(tx, actor, { type: 'prospect_reason', id: reasonId }, { action: 'update', before, after: after! });
    return after!;
  });
}
