import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectActions } from '../../../db/schema/index.ts';
import { recordHistory, type Actor } from '../../history/record-history.ts';
import { prospectEntityTypes } from '../history-subjects.ts';
import { findAction, type ActionView } from './action-view.ts';
import type { FollowUpReminders } from './follow-up-reminders.ts';
import { refreshActionSummary } from './refresh-action-summary.ts';

/** Marks a "to do" action done (then locked) and cancels its reminder. Done twice is harmless. */
export async function completeProspectAction(db: Db, actor: Actor, actionId: string, io: { now: Date; reminders: FollowUpReminders }): Promise<ActionView> {
  const { action, changed } = await db.transaction(async (tx) => {
    const before = await findAction(tx, actor.organisationId, actionId, { forUpdate: true });
    if (before.status === 'done') return { action: before, changed: false };
    const [after] = await tx.update(prospectActions).set({ status: 'done', doneAt: io.now, updatedAt: new Date() }).where(eq(prospectActions.id, actionId)).returning();
    await recordHistory(tx, actor, { type: prospectEntityTypes.action, id: actionId }, { action: 'update', before, after: after! });
    await refreshActionSummary(tx, before.prospectId);
    return { action: after!, changed: true };
  });
  if (changed) await io.reminders.cancel({ actionId, reason: 'done' });
  return action;
}
