import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectActions } from '../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { recordHistory, type Actor } from '../../history/record-history.ts';
import { prospectEntityTypes } from '../history-subjects.ts';
import { dueInstantOf } from './action-due.ts';
import type { ActionPatch } from './action-input.ts';
import { findAction, type ActionView } from './action-view.ts';
import { assertActionEditable } from './assert-action-editable.ts';
import type { FollowUpReminders } from './follow-up-reminders.ts';
import { refreshActionSummary } from './refresh-action-summary.ts';

/**
 * Changes a "to do" action (a done one is locked: 409). Moving its date re-arms its reminder at
 * the new due instant.
 */
export async function updateProspectAction(db: Db, actor: Actor, actionId: string, patch: ActionPatch, io: { reminders: FollowUpReminders }): Promise<ActionView> {
  const { before, after } = await db.transaction(async (tx) => {
    const before = await findAction(tx, actor.organisationId, actionId, { forUpdate: true });
    assertActionEditable(before);
    const merged = { ...before, ...patch };
    if (merged.actionType === 'request' && !merged.source) {
      throw AppError.invalid([{ field: 'source', location: 'body', message: 'a request needs a source' }]);
    }
    const [after] = await tx.update(prospectActions).set({ ...patch, updatedAt: new Date() }).where(eq(prospectActions.id, actionId)).returning();
    await recordHistory(tx, actor, { type: prospectEntityTypes.action, id: actionId }, { action: 'update', before, after: after! });
    await refreshActionSummary(tx, before.prospectId);
    return { before, after: after! };
  });
  const dueAt = dueInstantOf(after);
  if (dueAt.getTime() !== dueInstantOf(before).getTime()) await io.reminders.schedule({ organisationId: after.organisationId, actionId, dueAt });
  return after;
}
