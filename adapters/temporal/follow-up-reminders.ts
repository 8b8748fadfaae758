import { WorkflowIdReusePolicy, WorkflowNotFoundError } from '@temporalio/common';
import type { FollowUpReminders } from '../../domain/prospects/actions/follow-up-reminders.ts';
import {
  actionDeletedSignal,
  actionDoneSignal,
  actionMovedSignal,
  followUpReminderWorkflowId,
  followUpReminderWorkflowType,
  type FollowUpReminderInput,
} from '../../workflows/follow-up-reminder.signals.ts';
import type { Logger } from 'pino';
import type { TemporalAccess } from './temporal-access.ts';

/**
 * Follow-up reminders as durable timers on Temporal. Arming is a signal-with-start of
 * `actionMoved` on `follow-up/<actionId>`: it starts the timer, or re-arms the running one, or
 * (the previous run having reminded already) starts a new run for the new date. Cancelling
 * signals `actionDone` / `actionDeleted`; a finished timer is fine. Failures are logged, not
 * thrown: the action is already committed, and the reminder re-reads it before sending.
 * Without Temporal (some HTTP tests, a misconfigured API) it only logs that reminders are off.
 */
export function temporalFollowUpReminders(deps: { temporal?: TemporalAccess | undefined; logger: Logger }): FollowUpReminders {
  const { temporal, logger } = deps;
  if (!temporal) {
    return {
      schedule: async ({ actionId }) => logger.warn({ actionId }, 'Temporal is not configured: the follow-up reminder of this action is not scheduled'),
      cancel: async () => {},
    };
  }
  return {
    async schedule({ organisationId, actionId, dueAt }) {
      const input: FollowUpReminderInput = { organisationId, actionId, dueAt: dueAt.toISOString() };
      try {
        await temporal.client.workflow.signalWithStart(followUpReminderWorkflowType, {
          workflowId: followUpReminderWorkflowId(actionId),
          taskQueue: temporal.taskQueue,
          args: [input],
          signal: actionMovedSignal,
          signalArgs: [{ dueAt: input.dueAt }],
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        });
      } catch (error) {
        logger.error({ err: error, actionId }, 'could not schedule the follow-up reminder');
      }
    },
    async cancel({ actionId, reason }) {
      try {
        await temporal.client.workflow.getHandle(followUpReminderWorkflowId(actionId)).signal(reason === 'done' ? actionDoneSignal : actionDeletedSignal);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return; // already reminded or never armed
        logger.error({ err: error, actionId }, 'could not cancel the follow-up reminder; it will find the action done or deleted');
      }
    },
  };
}
