/**
 * The activities of the information-request emails workflow: thin adapters over
 * `sendInformationRequestEmail`, the use case the firm's "resend" also calls. Idempotent by the
 * email's key; business refusals and undeliverable addresses are final (non-retryable).
 */
import { ApplicationFailure } from '@temporalio/common';
import { EmailDeliveryError } from '../adapters/email/email-sender.ts';
import { AppError } from '../domain/errors.ts';
import { sendInformationRequestEmail, type SendRequestEmailResult } from '../domain/portal/send-information-request-email.ts';
import type { ActivityDeps } from './index.ts';

/** The information-request email activities, over injected dependencies. */
export function createInformationRequestEmailActivities(deps: ActivityDeps) {
  return {
    /**
     * Sends the creation, reminder or overdue email of a request (once per kind, ever) and returns
     * the plan the workflow times the next ones with. `at` is the workflow's clock.
     */
    async sendInformationRequestEmail(input: { organisationId: string; requestId: string; kind: 'created' | 'reminder' | 'overdue'; at: string }): Promise<SendRequestEmailResult> {
      try {
        return await sendInformationRequestEmail(
          { db: deps.db, emailSender: deps.emailSender, from: deps.config.EMAIL_FROM, publicBaseUrl: deps.config.PUBLIC_BASE_URL },
          { organisationId: input.organisationId, requestId: input.requestId, kind: input.kind, now: new Date(input.at) },
        );
      } catch (error) {
        if (error instanceof AppError) throw ApplicationFailure.create({ type: error.code, message: error.message, details: [error.details], nonRetryable: true });
        if (error instanceof EmailDeliveryError && !error.retryable) throw ApplicationFailure.create({ type: error.code, message: error.message, nonRetryable: true });
        throw error;
      }
    },
  };
}

export type InformationRequestEmailActivities = ReturnType<typeof createInformationRequestEmailActivities>;
