import { sendFollowUpReminder, type FollowUpReminderResult } from '../domain/prospects/actions/send-follow-up-reminder.ts';
import { refusalsAreFinal } from './final-failures.ts';
import type { ActivityDeps } from './index.ts';

/** The prospect pipeline's activities: the overdue follow-up reminder. */
export function createProspectActivities(deps: ActivityDeps) {
  return {
    /**
     * Reminds the operational salesperson of a follow-up action still to do once its due
     * instant has passed (decided by the workflow's timer). Re-reads the action; sends at most
     * one email per action and due instant (idempotency key), so retries are safe; an email refused
     * for good fails without retrying.
     */
    async sendFollowUpReminder(input: { organisationId: string; actionId: string; dueAt: string }): Promise<FollowUpReminderResult> {
      const result = await refusalsAreFinal(() =>
        sendFollowUpReminder({ db: deps.db, emailSender: deps.emailSender, from: deps.config.EMAIL_FROM, publicBaseUrl: deps.config.PUBLIC_BASE_URL }, input),
      );
      deps.logger.info({ actionId: input.actionId, dueAt: input.dueAt, outcome: result.outcome }, 'follow-up reminder');
      return result;
    },
  };
}

export type ProspectActivities = ReturnType<typeof createProspectActivities>;
