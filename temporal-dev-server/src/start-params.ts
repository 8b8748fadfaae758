/**
 * A new workflow's start parameters, from a StartWorkflowExecution or SignalWithStart request or
 * from a schedule's `startWorkflow` action (the same fields): the checks, the timeouts (a run
 * timeout never beyond the execution timeout, the default workflow task timeout), the retry
 * policy, and a cron workflow's wait for its first schedule time.
 */
import { backoffToNextRun, parseCron } from './cron.ts';
import { invalidArgument } from './errors.ts';
import { DEFAULT_WFT_TIMEOUT_MS, type StartParams } from './execution.ts';
import type { Namespace } from './namespaces.ts';
import { durMs, type temporal } from './proto.ts';
import { normalizeRetryPolicy } from './retry.ts';
import type { Store } from './store.ts';

type StartFields = Pick<
  temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest,
  | 'workflowId'
  | 'workflowType'
  | 'taskQueue'
  | 'input'
  | 'header'
  | 'memo'
  | 'searchAttributes'
  | 'retryPolicy'
  | 'workflowExecutionTimeout'
  | 'workflowRunTimeout'
  | 'workflowTaskTimeout'
  | 'cronSchedule'
  | 'userMetadata'
  | 'priority'
>;

export type StartRequest = StartFields & Partial<Pick<temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest, 'identity' | 'requestId' | 'workflowStartDelay'>>;

export function startParams(store: Store, now: number, n: Namespace, r: StartRequest): StartParams {
  if (!r.workflowId) throw invalidArgument('WorkflowId is not set on request.');
  if (!r.workflowType?.name) throw invalidArgument('WorkflowType is not set on request.');
  if (!r.taskQueue?.name) throw invalidArgument('TaskQueue is not set on request.');
  const runId = globalThis.crypto.randomUUID();
  const execTimeout = durMs(r.workflowExecutionTimeout);
  let runTimeout = durMs(r.workflowRunTimeout);
  if (execTimeout && (!runTimeout || runTimeout > execTimeout)) runTimeout = execTimeout;
  // A cron workflow's first run waits for the first schedule time.
  let backoffMs = durMs(r.workflowStartDelay);
  if (r.cronSchedule) {
    const schedule = parseCron(r.cronSchedule);
    if (!schedule) throw invalidArgument(`Invalid CronSchedule: ${r.cronSchedule}.`);
    if (backoffMs) throw invalidArgument('CronSchedule and WorkflowStartDelay may not be used together.');
    backoffMs = backoffToNextRun(schedule, now, now);
  }
  return {
    namespace: n,
    workflowId: r.workflowId,
    runId,
    workflowType: r.workflowType.name,
    taskQueue: r.taskQueue.name,
    input: r.input,
    header: r.header,
    memo: r.memo?.fields ?? undefined,
    searchAttributes: store.checkSearchAttributes(n, r.searchAttributes?.indexedFields ?? undefined),
    retryPolicy: normalizeRetryPolicy(r.retryPolicy, false),
    executionTimeoutMs: execTimeout,
    runTimeoutMs: runTimeout,
    taskTimeoutMs: durMs(r.workflowTaskTimeout) ?? DEFAULT_WFT_TIMEOUT_MS,
    identity: r.identity ?? '',
    requestId: r.requestId || globalThis.crypto.randomUUID(),
    attempt: 1,
    firstExecutionRunId: runId,
    executionExpirationTime: execTimeout ? now + execTimeout : undefined,
    firstWorkflowTaskBackoffMs: backoffMs,
    cronSchedule: r.cronSchedule || undefined,
    userMetadata: r.userMetadata,
    priority: r.priority,
  };
}
