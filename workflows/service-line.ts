/**
 * One mission line's occurrences over time (child of the `mission` workflow).
 */
import { allHandlersFinished, condition, continueAsNew, log, patched, proxyActivities, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { startInformationRequestEmails } from './information-request-start.ts';
import type { MissionActivities } from '../activities/missions.ts';
import { nextOccurrence, type PlanOccurrencesInput, type PlannedOccurrence } from '../domain/missions/plan-occurrences.ts';
import {
  lineReplannedSignal,
  serviceLineStateQuery,
  type LineReplan,
  type ServiceLineInput,
  type ServiceLineResult,
} from './mission.contract.ts';

/**
 * Creating an occurrence is one short database transaction (milliseconds): a worker that dies
 * during it is noticed after this timeout, and the activity is retried — until the database
 * answers, since the occurrence is due.
 */
const OCCURRENCE_ACTIVITY_TIMEOUT = '30 seconds';
const OCCURRENCE_RETRY = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' } as const;

const { createOccurrence } = proxyActivities<MissionActivities>({
  startToCloseTimeout: OCCURRENCE_ACTIVITY_TIMEOUT,
  retry: OCCURRENCE_RETRY,
});

/**
 * The same activity run as a local activity: the worker that handles the timer's workflow task runs
 * the transaction at once and records its result as a marker in that same task, so an occurrence
 * costs one workflow task instead of two (timer → task → activity → task). Exactly once is the
 * transaction's unique key, as before: a local activity is retried (by the worker, then by a new
 * workflow task if the worker died) like a normal one. Retries longer than a minute wait on a
 * durable timer, which is the same backoff a real cluster applies.
 */
const { createOccurrence: createOccurrenceLocally } = proxyLocalActivities<MissionActivities>({
  startToCloseTimeout: OCCURRENCE_ACTIVITY_TIMEOUT,
  retry: OCCURRENCE_RETRY,
});

/**
 * 2026-11-30: the occurrence's transaction runs as a local activity (was: a normal activity, one
 * more workflow task per occurrence). Lines whose run started before take the old path.
 */
export const OCCURRENCE_LOCAL_ACTIVITY_PATCH = 'occurrence-local-activity';

/**
 * 2026-12-01: an occurrence found already created (its first attempt committed, then its worker
 * died before the result was recorded) starts its requests' emails too; before, only a fresh
 * creation did, and such a request never got its emails. Taken only on that path.
 */
export const EMAILS_AFTER_RETRY_PATCH = 'occurrence-emails-after-retry';

/**
 * Walks a mission line's deadlines, one at a time, until the mission's end: computes the next
 * occurrence with `nextOccurrence` (the very function behind the API's forecast), sleeps until its
 * creation instant (00:00 Paris on deadline − lead time, or at once when that moment has passed),
 * then runs the `createOccurrence` activity, which creates the occurrence's tasks and information
 * requests exactly once (unique key: line + deadline).
 *
 * - Time is the workflow's clock (`Date.now()` is replay-safe here), so time skipping drives it.
 * - An amendment arrives as the `lineReplanned` signal: the new schedule applies to the deadlines
 *   on or after its date, after the last one processed; occurrences already created stay.
 * - Every `occurrencesPerRun` occurrences (or when the server suggests it) the workflow continues
 *   as new, carrying its cursor, so a weekly line running for years keeps a short history.
 * - Cancelling it (the mission finished or was cancelled) stops it wherever it is.
 */
export async function serviceLine(input: ServiceLineInput): Promise<ServiceLineResult> {
  let schedule = input.schedule;
  let from = input.from;
  let cursor = input.cursor;
  let processed = input.processed;
  let processedInRun = 0;
  let replan: LineReplan | null = null;
  let next: PlannedOccurrence | null = null;

  setHandler(lineReplannedSignal, (received) => {
    replan = received;
  });
  setHandler(serviceLineStateQuery, () => ({
    lineId: input.lineId,
    schedule,
    from: from ?? null,
    cursor,
    processed,
    next: next && { deadline: next.deadline, createAt: next.createAt },
  }));

  const plan = (): PlanOccurrencesInput => ({
    schedule,
    bounds: input.bounds,
    signedOn: input.signedOn,
    createPast: input.createPast,
    ...(from !== undefined ? { from } : {}),
  });

  for (;;) {
    const pending: LineReplan | null = replan;
    if (pending !== null) {
      ({ schedule, from } = pending);
      replan = null;
      log.info('line re-planned', { lineId: input.lineId, from, cursor });
    }
    next = nextOccurrence(plan(), cursor);
    if (next === null) break;
    const wait = Date.parse(next.createAt) - Date.now();
    if (wait > 0 && (await condition(() => replan !== null, wait))) continue;
    if (replan !== null) continue;

    const occurrence = {
      organisationId: input.organisationId,
      missionId: input.missionId,
      lineId: input.lineId,
      deadline: next.deadline,
      at: new Date(Date.now()).toISOString(),
    };
    const result = patched(OCCURRENCE_LOCAL_ACTIVITY_PATCH) ? await createOccurrenceLocally(occurrence) : await createOccurrence(occurrence);
    if (result.outcome === 'skipped') log.warn('occurrence skipped', { lineId: input.lineId, deadline: next.deadline, reason: result.reason });
    // Behind patched('information-request-emails'): histories recorded before it replay unchanged.
    if (result.outcome === 'created') await startInformationRequestEmails(input.organisationId, result.informationRequestIds);
    // Created by an earlier attempt whose worker died before recording it: its requests' emails
    // were never started. Starting one already started is refused and logged, so nothing is sent twice.
    const foundRequests = result.outcome === 'already_created' ? (result.informationRequestIds ?? []) : [];
    if (foundRequests.length > 0 && patched(EMAILS_AFTER_RETRY_PATCH)) await startInformationRequestEmails(input.organisationId, foundRequests);
    cursor = next.deadline;
    processed++;
    processedInRun++;

    if ((processedInRun >= input.occurrencesPerRun || workflowInfo().continueAsNewSuggested) && replan === null) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof serviceLine>({ ...input, schedule, from, cursor, processed });
    }
  }
  await condition(allHandlersFinished);
  return { lineId: input.lineId, cursor, processed };
}
