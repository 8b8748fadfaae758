/** Retry policy defaults and backoff computation (activities and workflows). */
import { durFromMs, durMs, RetryState, type Failure, type RetryPolicy } from './proto.ts';

export interface NormalizedRetryPolicy {
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
  maximumAttempts: number;
  nonRetryableErrorTypes: string[];
}

export function normalizeRetryPolicy(p: RetryPolicy | null | undefined, forActivity: boolean): NormalizedRetryPolicy | undefined {
  if (!p && !forActivity) return undefined;
  const initialIntervalMs = durMs(p?.initialInterval) ?? 1000;
  const backoffCoefficient = p?.backoffCoefficient && p.backoffCoefficient >= 1 ? p.backoffCoefficient : 2;
  const maximumIntervalMs = durMs(p?.maximumInterval) ?? initialIntervalMs * 100;
  return {
    initialIntervalMs,
    backoffCoefficient,
    maximumIntervalMs: Math.max(maximumIntervalMs, initialIntervalMs),
    maximumAttempts: p?.maximumAttempts ?? 0,
    nonRetryableErrorTypes: p?.nonRetryableErrorTypes ?? [],
  };
}

export function retryPolicyToProto(p: NormalizedRetryPolicy): RetryPolicy {
  return {
    initialInterval: durFromMs(p.initialIntervalMs),
    backoffCoefficient: p.backoffCoefficient,
    maximumInterval: durFromMs(p.maximumIntervalMs),
    maximumAttempts: p.maximumAttempts,
    nonRetryableErrorTypes: p.nonRetryableErrorTypes,
  };
}

export interface RetryDecision {
  retry: boolean;
  backoffMs: number;
  retryState: number;
}

/**
 * Decide whether attempt `attempt` (1-based, just failed) is retried.
 * `deadline` (virtual ms) bounds the next attempt's start (schedule-to-close / execution timeout).
 */
export function decideRetry(
  policy: NormalizedRetryPolicy | undefined,
  attempt: number,
  failure: Failure | null | undefined,
  now: number,
  deadline: number | undefined,
  isTimeout = false,
): RetryDecision {
  if (!policy) return { retry: false, backoffMs: 0, retryState: RetryState.RETRY_STATE_RETRY_POLICY_NOT_SET };
  if (policy.maximumAttempts === 1 || (policy.maximumAttempts > 0 && attempt >= policy.maximumAttempts)) {
    return { retry: false, backoffMs: 0, retryState: RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED };
  }
  if (!isTimeout && failure) {
    const app = failure.applicationFailureInfo;
    if (app?.nonRetryable) return { retry: false, backoffMs: 0, retryState: RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE };
    const type = app?.type ?? '';
    if (app && policy.nonRetryableErrorTypes.includes(type)) {
      return { retry: false, backoffMs: 0, retryState: RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE };
    }
    // Cancellations and terminations are never retried.
    if (failure.canceledFailureInfo || failure.terminatedFailureInfo) {
      return { retry: false, backoffMs: 0, retryState: RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE };
    }
  }
  let backoffMs = policy.initialIntervalMs * Math.pow(policy.backoffCoefficient, attempt - 1);
  backoffMs = Math.min(backoffMs, policy.maximumIntervalMs);
  const explicit = durMs(failure?.applicationFailureInfo?.nextRetryDelay);
  if (explicit !== undefined) backoffMs = explicit;
  backoffMs = Math.round(backoffMs);
  if (deadline !== undefined && now + backoffMs >= deadline) {
    return { retry: false, backoffMs: 0, retryState: RetryState.RETRY_STATE_TIMEOUT };
  }
  return { retry: true, backoffMs, retryState: RetryState.RETRY_STATE_IN_PROGRESS };
}
