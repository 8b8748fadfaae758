import { DatabaseSmsOutboxStore } from '../adapters/sms/database-sms-outbox-store.ts';
import { OutboxSmsSender } from '../adapters/sms/outbox-sms-sender.ts';
import { settleInformationRequestWorkflow } from '../adapters/temporal/settle-information-request.ts';
import type { AppDeps } from '../api/context.ts';
import { notifyFirmOfAnswer } from '../domain/portal/notify-firm-of-answer.ts';
import type { PortalCaller } from '../domain/portal/portal-caller.ts';

/**
 * What follows a client's answer, from the pages or the portal API: the request's emails workflow
 * stops its reminders (signal), and the firm is told (its preferred channel). Neither may undo
 * the answer, which is committed: failures are logged, and the notice's idempotency key makes a
 * repeated call harmless.
 */
export async function afterClientAnswer(deps: AppDeps, caller: PortalCaller, requestId: string): Promise<void> {
  await settleInformationRequestWorkflow(deps.temporal, deps.logger, requestId);
  try {
    await notifyFirmOfAnswer(
      {
        db: deps.database.db,
        emailSender: deps.emailSender,
        // SMS has only the outbox today (adapters/sms); a provider adapter would be injected here.
        smsSender: new OutboxSmsSender(new DatabaseSmsOutboxStore(deps.database.db)),
        from: deps.config.EMAIL_FROM,
        publicBaseUrl: deps.config.PUBLIC_BASE_URL,
      },
      caller,
      requestId,
    );
  } catch (error) {
    deps.logger.error({ err: error, requestId }, 'could not notify the firm of a client answer');
  }
}
