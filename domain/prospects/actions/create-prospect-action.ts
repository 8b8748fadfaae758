import type { Db } from '../../../db/client.ts';
import { prospectActions } from '../../../db/schema/index.ts';
import { recordHistory, type Actor } from '../../history/record-history.ts';
import { attachHistorySubject, prospectEntityTypes } from '../history-subjects.ts';
import { findProspectRow } from '../prospect-view.ts';
import { dueInstantOf, isPastAction } from './action-due.ts';
import type { ActionInput } from './action-input.ts';
import type { ActionView } from './action-view.ts';
import type { FollowUpReminders } from './follow-up-reminders.ts';
import { refreshActionSummary } from './refresh-action-summary.ts';

/**
 * Records a follow-up action on a prospect, by the caller (its actor). Dated in the past, it is
 * created done and locked (it can only be deleted); in the future it is "to do", and its overdue
 * reminder to the operational salesperson is armed once the action is committed.
 */
export async function createProspectAction(
  db: Db,
  actor: Actor,
  prospectId: string,
  input: ActionInput,
  io: { now: Date; reminders: FollowUpReminders },
): Promise<ActionView> {
  const action = await db.transaction(async (tx) => {
    await findProspectRow(tx, actor.organisationId, prospectId, { forUpdate: true });
    const fields = { ...input, source: input.source ?? null, description: input.description ?? null, dueTime: input.dueTime ?? null };
    const done = isPastAction(fields, io.now);
    const [row] = await tx
      .insert(prospectActions)
      .values({
        ...fields,
        organisationId: actor.organisationId,
        prospectId,
        actorUserId: actor.kind === 'user' ? actor.userId : null,
        status: done ? 'done' : 'todo',
        doneAt: done ? io.now : null,
      })
      .returning();
    await attachHistorySubject(tx, { organisationId: actor.organisationId, prospectId, entityType: prospectEntityTypes.action, entityId: row!.id });
    await recordHistory(tx, actor, { type: prospectEntityTypes.action, id: row!.id }, { action: 'create', after: row! });
    await refreshActionSummary(tx, prospectId);
    return row!;
  });
  if (action.status === 'todo') await io.reminders.schedule({ organisationId: action.organisationId, actionId: action.id, dueAt: dueInstantOf(action) });
  return action;
}
