import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectActions } from '../../../db/schema/index.ts';
import { recordHistory, type Actor } from '../../history/record-history.ts';
import { prospectEntityTypes } from '../history-subjects.ts';
import { findAction } from './action-view.ts';
import type { FollowUpReminders } from './follow-up-reminders.ts';
import { refreshActionSummary } from './refresh-action-summary.ts';

/** Deletes a follow-up action, done or to do, and cancels its reminder. */
export async function deleteProspectAction(db: Db, actor: Actor, actionId: string, io: { reminders: FollowUpReminders }): Promise<void> {
  const before = await db.transaction(async (tx) => {
    const before = await findAction(tx, actor.organisationId, actionId, { forUpdate: true });
    await tx.delete(prospectActions).where(eq(prospectActions.id, actionId));
    await recordHistory(tx, actor, { type: prospectEntityTypes.action, id: actionId }, { action: 'delete', before });
    await refreshActionSummary(tx, before.prospectId);
    return before;
  });
  if (before.status === 'todo') await io.reminders.cancel({ actionId, reason: 'deleted' });
}
