/**
 * The emails of one information request (workflow id `information-request/<requestId>`), started
 * by the service line when an occurrence creates the request.
 */
import { ActivityFailure, condition, log, patched, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { InformationRequestEmailActivities } from '../activities/information-request-emails.ts';
import { overdueInstant, reminderInstant } from '../domain/portal/request-email-schedule.ts';
import {
  informationRequestEmailsStateQuery,
  requestSettledSignal,
  type InformationRequestEmailsInput,
  type InformationRequestEmailsState,
} from './information-request.contract.ts';

/** Sending an email is quick; a failing provider is retried with backoff, up to a day of attempts. */
const EMAIL_ACTIVITY = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 60 },
} as const;

const { sendInformationRequestEmail: sendAsActivity } = proxyActivities<InformationRequestEmailActivities>(EMAIL_ACTIVITY);

/**
 * The same email as a local activity: run by the worker handling the workflow task and recorded as
 * a marker in it, so each email costs one workflow task instead of two (the activity's schedule,
 * then its completion). Its retries (a failing provider) wait on durable timers once they exceed a
 * minute, as the cluster's would; the email's idempotency key still makes a retry send once.
 */
const { sendInformationRequestEmail: sendAsLocalActivity } = proxyLocalActivities<InformationRequestEmailActivities>(EMAIL_ACTIVITY);

/**
 * 2026-11-30: the emails are sent by local activities (was: normal activities, two workflow tasks
 * per email). A workflow whose first email went out the old way keeps the old way.
 */
export const EMAILS_LOCAL_ACTIVITY_PATCH = 'information-request-emails-local-activity';

const sendInformationRequestEmail = (input: Parameters<typeof sendAsActivity>[0]): ReturnType<typeof sendAsActivity> =>
  patched(EMAILS_LOCAL_ACTIVITY_PATCH) ? sendAsLocalActivity(input) : sendAsActivity(input);

type EmailKind = 'created' | 'reminder' | 'overdue';

/**
 * Brings the client to an information request, by email, each at most once:
 *
 * 1. at once, the firm's `email.information-request.*` email with the link to the request's page;
 * 2. if still open, a reminder at 09:00 Paris `reminderDaysBefore` days before the due date (the
 *    firm's setting, read with the creation email; skipped when that moment had already passed
 *    when the request was created, so the client never gets two emails in a row);
 * 3. if still open, the overdue email at 09:00 Paris the day after the due date.
 *
 * Durable timers, not a cron. The `requestSettled` signal (the client answered, the firm closed
 * the request) ends the workflow wherever it waits; and each email activity re-reads the request,
 * so a lost signal can never make it remind a request that is no longer open. Each email's
 * idempotency key is `information-request/<id>/<kind>`: retries and replays send it once.
 */
export async function informationRequestEmails(input: InformationRequestEmailsInput): Promise<{ sent: EmailKind[] }> {
  const state: InformationRequestEmailsState = { requestId: input.requestId, phase: 'creation', reminderAt: null, overdueAt: null };
  const sent: EmailKind[] = [];
  let settled = false;
  setHandler(requestSettledSignal, () => {
    settled = true;
  });
  setHandler(informationRequestEmailsStateQuery, () => ({ ...state }));

  /** Sends one email; false when the workflow should stop (request settled, nobody to write to, final failure). */
  const send = async (kind: EmailKind): Promise<boolean> => {
    try {
      const result = await sendInformationRequestEmail({ organisationId: input.organisationId, requestId: input.requestId, kind, at: new Date(Date.now()).toISOString() });
      if (result.outcome === 'sent') sent.push(kind);
      else log.info('information request email skipped', { requestId: input.requestId, kind, reason: result.reason });
      return result.outcome === 'sent' && result.plan.status === 'open';
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      log.warn('information request email failed for good', { requestId: input.requestId, kind, error: String(error.cause?.message ?? error.message) });
      return kind !== 'created';
    }
  };

  // The plan comes with the creation email's result; failures of that email still allow reminders.
  const created = await sendInformationRequestEmail({ organisationId: input.organisationId, requestId: input.requestId, kind: 'created', at: new Date(Date.now()).toISOString() }).catch(
    (error: unknown) => {
      if (!(error instanceof ActivityFailure)) throw error;
      log.warn('information request creation email failed for good', { requestId: input.requestId, error: String(error.cause?.message ?? error.message) });
      return null;
    },
  );
  if (created?.outcome === 'sent') sent.push('created');
  if (!created || created.plan.status !== 'open' || created.plan.dueDate === null || (created.outcome === 'skipped' && created.reason === 'no_recipient')) {
    state.phase = 'done';
    return { sent };
  }
  state.reminderAt = reminderInstant(created.plan.dueDate, created.plan.reminderDaysBefore);
  state.overdueAt = overdueInstant(created.plan.dueDate);
  const steps: Array<{ kind: EmailKind; at: string; phase: InformationRequestEmailsState['phase'] }> = [
    { kind: 'reminder', at: state.reminderAt, phase: 'waiting-reminder' },
    { kind: 'overdue', at: state.overdueAt, phase: 'waiting-overdue' },
  ];
  const createdAt = Date.now();
  for (const step of steps) {
    if (step.kind === 'reminder' && Date.parse(step.at) <= createdAt) continue;
    state.phase = step.phase;
    const wait = Date.parse(step.at) - Date.now();
    if (wait > 0) await condition(() => settled, wait);
    if (settled) {
      state.phase = 'settled';
      return { sent };
    }
    if (!(await send(step.kind))) break;
  }
  state.phase = 'done';
  return { sent };
}
