import { defineSignal } from '@temporalio/workflow';

/**
 * The follow-up reminder's stable names, shared by the API (which starts and signals it) and
 * the workflow: workflow type, workflow id derived from the action, signals and payloads.
 */
export const followUpReminderWorkflowType = 'followUpReminderWorkflow';

/** One reminder workflow per follow-up action. */
export function followUpReminderWorkflowId(actionId: string): string {
  return `follow-up/${actionId}`;
}

/** What starts a reminder: the action and the instant it falls due (ISO 8601, UTC). */
export interface FollowUpReminderInput {
  organisationId: string;
  actionId: string;
  dueAt: string;
}

/** The action was marked done: the reminder is no longer needed. */
export const actionDoneSignal = defineSignal('actionDone');
/** The action was deleted. */
export const actionDeletedSignal = defineSignal('actionDeleted');
/** The action's date or time changed: wait until the new due instant instead. */
export const actionMovedSignal = defineSignal<[{ dueAt: string }]>('actionMoved');
