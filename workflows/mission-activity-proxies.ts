/**
 * How the mission workflow calls its activities: timeouts, retries, and which run as local
 * activities once a patch is in the history. `mission-machine.ts` issues the calls.
 *
 * Replay safety: a patch named here is recorded in running missions' histories; never rename or
 * remove one while a history holding it may replay (docs/workflow-versioning.md).
 */
import { type ActivityOptions, patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { MissionActivities } from '../activities/missions.ts';

/**
 * Status transitions are short database transactions. Those the workflow decides itself
 * (activation, end of mission) retry until the database answers; those asked by a caller waiting
 * on an update give up after a few attempts so the caller gets an answer. Business refusals and
 * non-retryable adapter errors are never retried (the activities mark them non-retryable).
 */
const TRANSITION_ACTIVITY_TIMEOUT = '30 seconds';
const TRANSITION_RETRY = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;
const UPDATE_TRANSITION_RETRY = { ...TRANSITION_RETRY, maximumAttempts: 4 } as const;
/**
 * The overdue alert sends an email while the workflow's turn is held (sign and cancel wait behind
 * it): a few attempts, then the turn is released and the alert tried again an hour later; an
 * email refused for good (non-retryable) gives the alert up.
 */
const OVERDUE_ALERT_RETRY = { ...TRANSITION_RETRY, maximumAttempts: 5 } as const;

/** Rendering the letter to PDF (Chromium) takes longer than a transition; the caller of `validate` waits for it. */
const LETTER_ACTIVITY_TIMEOUT = '2 minutes';
const LETTER_RETRY = { ...TRANSITION_RETRY, maximumAttempts: 5 } as const;

/**
 * Patches (docs/workflow-versioning.md). 2026-11: validation renders the letter to PDF
 * (`freezeMissionLetter` after `validateMission`; before, validation ran `validateMission` only).
 */
export const PATCH_VALIDATION_FREEZES_LETTER = 'validation-freezes-letter';
/**
 * 2026-11: an unsigned mission follows its letter's signature request — reminder timers, the
 * built-in request's expiry, and requests ended without signature taking it back to validated.
 * Before, the unsigned wait had one timer, the overdue alert's.
 */
export const PATCH_SIGNATURE_FOLLOW_UP = 'signature-follow-up-timers';

/**
 * 2026-11-30: the transitions a caller waits for (validate, send for signature, sign, amend,
 * delete, finish, cancel) run as local activities: the worker handling the update's workflow task
 * runs the transaction and answers in that same task, instead of scheduling an activity and
 * answering in a second task. Before, they were normal activities; a mission whose history holds
 * one keeps them (patched() answers false for the whole run once it replayed without the marker).
 */
export const PATCH_LOCAL_ASKED_TRANSITIONS = 'asked-transitions-local-activities';

/**
 * 2026-11-30: reading the mission when the workflow starts (`loadMission`) and activating it once
 * signed (`activateMission`) run as local activities: the first workflow task reads the mission
 * itself, and the `sign` update is answered in the task that received it, instead of each waiting
 * for an activity task and a second workflow task. They retry until the database answers, as
 * before: past a minute, the SDK waits between attempts on durable timers. Histories recorded
 * before keep the normal activities.
 */
export const PATCH_LOCAL_LOAD_AND_ACTIVATE = 'load-and-activate-local-activities';

/**
 * 2026-12-01: a running line is cancelled by its workflow id (the run open now), no longer as a
 * child (the run the mission started, closed once the line has continued as new). Histories
 * recorded before keep the child cancellation.
 */
export const PATCH_STOP_LINE_BY_ID = 'stop-line-by-workflow-id';

/**
 * 2026-12-01: a mission deleted, or cancelled unsigned, withdraws at Yousign the letter's requests
 * its end canceled (`cancelMissionSignaturesAtProvider`, last step of the workflow). Histories
 * recorded before end without it.
 */
export const PATCH_WITHDRAW_SIGNATURES_AT_PROVIDER = 'withdraw-signatures-at-provider';

/**
 * Activities that run as local activities once `patch` is in the history, else as normal ones:
 * each call picks by the patch. The asked transitions' retries are few and short
 * (UPDATE_TRANSITION_RETRY: under 10 s in all), which a local activity waits in the worker.
 */
function localOncePatched(patch: string, options: Pick<ActivityOptions, 'startToCloseTimeout' | 'retry'>): ReturnType<typeof proxyActivities<MissionActivities>> {
  const remote = proxyActivities<MissionActivities>(options);
  const local = proxyLocalActivities<MissionActivities>(options);
  return new Proxy(remote, {
    get: (_target, name) => (patched(patch) ? local : remote)[name as keyof MissionActivities],
  });
}

export const acts = proxyActivities<MissionActivities>({ startToCloseTimeout: TRANSITION_ACTIVITY_TIMEOUT, retry: TRANSITION_RETRY });
export const letterActs = proxyActivities<MissionActivities>({ startToCloseTimeout: LETTER_ACTIVITY_TIMEOUT, retry: LETTER_RETRY });
export const askedActs = localOncePatched(PATCH_LOCAL_ASKED_TRANSITIONS, { startToCloseTimeout: TRANSITION_ACTIVITY_TIMEOUT, retry: UPDATE_TRANSITION_RETRY });
export const loadAndActivateActs = localOncePatched(PATCH_LOCAL_LOAD_AND_ACTIVATE, { startToCloseTimeout: TRANSITION_ACTIVITY_TIMEOUT, retry: TRANSITION_RETRY });
export const alertActs = proxyActivities<MissionActivities>({ startToCloseTimeout: TRANSITION_ACTIVITY_TIMEOUT, retry: OVERDUE_ALERT_RETRY });
