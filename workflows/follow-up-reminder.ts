import { condition, log, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ProspectActivities } from '../activities/prospects.ts';
import { actionDeletedSignal, actionDoneSignal, actionMovedSignal, type FollowUpReminderInput } from './follow-up-reminder.signals.ts';

/** Sending an email is quick; retries back off up to ten minutes and go on until it works. */
const activityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
} as const;

const { sendFollowUpReminder } = proxyActivities<ProspectActivities>(activityOptions);

export type FollowUpReminderOutcome = { outcome: 'sent'; dueAt: string } | { outcome: 'done' | 'deleted' } | { outcome: 'skipped'; reason: string };

/**
 * The durable timer of one "to do" follow-up action (workflow id `follow-up/<actionId>`): waits
 * until the action falls due, then has the operational salesperson reminded once. A state
 * machine — waiting, then done, deleted or reminded — driven by three signals: `actionDone` and
 * `actionDeleted` end it without email, `actionMoved` re-arms the timer at the new instant. The
 * reminder activity re-reads the action, so a signal lost between the API and Temporal can
 * neither send a wrong email (done/deleted) nor keep the old date (moved: it answers with the
 * new one and the timer waits again).
 */
export async function followUpReminderWorkflow(input: FollowUpReminderInput): Promise<FollowUpReminderOutcome> {
  let state: 'waiting' | 'done' | 'deleted' = 'waiting';
  let dueAt = input.dueAt;
  let moves = 0;
  setHandler(actionDoneSignal, () => {
    state = 'done';
  });
  setHandler(actionDeletedSignal, () => {
    state = 'deleted';
  });
  setHandler(actionMovedSignal, (moved) => {
    dueAt = moved.dueAt;
    moves += 1;
  });

  for (;;) {
    const seenMoves = moves;
    const wait = Date.parse(dueAt) - Date.now();
    if (wait > 0) await condition(() => state !== 'waiting' || moves !== seenMoves, wait);
    if (state !== 'waiting') return { outcome: state };
    if (moves !== seenMoves) continue;

    const result = await sendFollowUpReminder({ organisationId: input.organisationId, actionId: input.actionId, dueAt });
    if (result.outcome === 'rescheduled') {
      log.info('follow-up action was moved; waiting for its new date', { actionId: input.actionId, dueAt: result.dueAt });
      dueAt = result.dueAt;
      continue;
    }
    if (result.outcome === 'skipped') return { outcome: 'skipped', reason: result.reason };
    return { outcome: 'sent', dueAt };
  }
}
