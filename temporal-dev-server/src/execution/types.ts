/** Types shared by the parts of a workflow run (execution/*.ts), and small pure helpers. */
import type { Clock, TimerHandle } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Matching, Task } from '../matching.ts';
import type { Namespace, Namespaces } from '../namespaces.ts';
import { CommandType, EventType, Status, type Failure, type Header, type HistoryEvent, type Payload, type Payloads, type temporal } from '../proto.ts';
import type { NormalizedRetryPolicy } from '../retry.ts';
import type { ServiceError } from '../errors.ts';
import type { Execution } from '../execution.ts';

export type Command = temporal.api.command.v1.ICommand;
export type ProtocolMessage = temporal.api.protocol.v1.IMessage;
export type PollWftResponse = temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse;
export type PollActivityResponse = temporal.api.workflowservice.v1.IPollActivityTaskQueueResponse;
export type UpdateRequest = temporal.api.update.v1.IRequest;
export type UpdateOutcome = temporal.api.update.v1.IOutcome;
export type WorkflowQuery = temporal.api.query.v1.IWorkflowQuery;
export type QueryWorkflowResponse = temporal.api.workflowservice.v1.IQueryWorkflowResponse;
export type RespondWftCompleted = temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest;
export type RespondWftFailed = temporal.api.workflowservice.v1.IRespondWorkflowTaskFailedRequest;

export const DEFAULT_WFT_TIMEOUT_MS = 10_000;
export const DEFAULT_STICKY_TIMEOUT_MS = 5_000;

export interface Env {
  clock: Clock;
  matching: Matching;
  namespaces: Namespaces;
  log: Logger;
  store: StoreApi;
  nextTaskId(): number;
  /** Task ids go on above `id` (a reloaded history's last one). */
  seenTaskId(id: number): void;
  /** Called whenever a run changes, so its new state can be saved (see persistence/). */
  touch?(exec: Execution): void;
}

/** What an execution needs from the store (implemented in store.ts). */
export interface StoreApi {
  getRun(namespace: string, workflowId: string, runId?: string): Execution | undefined;
  startChild(parent: Execution, initiatedEventId: number, attrs: temporal.api.history.v1.IStartChildWorkflowExecutionInitiatedEventAttributes): { runId: string } | { error: 'already-exists' | 'namespace-not-found' };
  continueRun(prev: Execution, params: StartParams): Execution;
  onClosed(exec: Execution): void;
}

export interface ParentInfo {
  namespace: string;
  namespaceId: string;
  workflowId: string;
  runId: string;
  initiatedEventId: number;
}

export interface StartParams {
  namespace: Namespace;
  workflowId: string;
  runId: string;
  workflowType: string;
  taskQueue: string;
  input?: Payloads | null;
  header?: Header | null;
  memo?: Record<string, Payload>;
  searchAttributes?: Record<string, Payload>;
  retryPolicy?: NormalizedRetryPolicy;
  executionTimeoutMs?: number;
  runTimeoutMs?: number;
  taskTimeoutMs?: number;
  identity: string;
  requestId: string;
  attempt: number;
  firstExecutionRunId: string;
  executionExpirationTime?: number;
  continuedExecutionRunId?: string;
  initiator?: number;
  continuedFailure?: Failure | null;
  lastCompletionResult?: Payloads | null;
  firstWorkflowTaskBackoffMs?: number;
  parent?: ParentInfo;
  rootExecution?: { workflowId: string; runId: string };
  cronSchedule?: string;
  userMetadata?: temporal.api.sdk.v1.IUserMetadata | null;
  priority?: temporal.api.common.v1.IPriority | null;
  initialSignal?: { name: string; input?: Payloads | null; header?: Header | null; identity: string; requestId?: string };
}

export interface BufferedEvent {
  event: HistoryEvent;
  onAppend?: (eventId: number) => void;
}

export interface WorkflowTaskState {
  scheduledEventId: number;
  startedEventId: number;
  attempt: number;
  transient: boolean;
  state: 'scheduled' | 'started';
  scheduledTime: number;
  startedTime: number;
  identity: string;
  requestId: string;
  task: Task<PollWftResponse>;
  queue: { name: string; sticky: boolean };
  timeoutTimer?: TimerHandle;
  stickyTimer?: TimerHandle;
  deliveredUpdates: string[];
  attachedQueries: string[];
}

export interface ActivityState {
  scheduledEventId: number;
  activityId: string;
  activityType: string;
  taskQueue: string;
  input: Payloads | null | undefined;
  header: Header | null | undefined;
  scheduleToCloseMs: number;
  scheduleToStartMs: number;
  startToCloseMs: number;
  heartbeatMs: number;
  retryPolicy: NormalizedRetryPolicy;
  attempt: number;
  state: 'scheduled' | 'started' | 'backoff';
  firstScheduledTime: number;
  attemptScheduledTime: number;
  startedTime: number;
  identity: string;
  requestId: string;
  heartbeatDetails: Payloads | null | undefined;
  lastHeartbeatTime: number;
  cancelRequested: boolean;
  cancelRequestedEventId: number;
  lastFailure: Failure | null | undefined;
  lastWorkerIdentity: string;
  timers: Partial<Record<'scheduleToClose' | 'scheduleToStart' | 'startToClose' | 'heartbeat' | 'retry', TimerHandle>>;
  task?: Task<PollActivityResponse>;
  priority: temporal.api.common.v1.IPriority | null | undefined;
}

export interface ChildState {
  initiatedEventId: number;
  namespace: string;
  workflowId: string;
  workflowType: string;
  runId: string;
  startedEventId: number;
  parentClosePolicy: number;
  open: boolean;
}

export interface UpdateState {
  id: string;
  request: UpdateRequest;
  stage: 'admitted' | 'accepted' | 'completed';
  delivered: boolean;
  acceptedEventId: number;
  outcome?: UpdateOutcome;
  waiters: Set<() => void>;
  /** Set when the update can never complete (workflow closed first). */
  error?: ServiceError;
}

export interface PendingQuery {
  id: string;
  query: WorkflowQuery;
  state: 'waiting' | 'attached' | 'dispatched';
  resolve(res: QueryWorkflowResponse): void;
  reject(err: Error): void;
}

export type StatusName = 'Running' | 'Completed' | 'Failed' | 'Canceled' | 'Terminated' | 'ContinuedAsNew' | 'TimedOut';

export function statusName(s: number): StatusName {
  switch (s) {
    case Status.WORKFLOW_EXECUTION_STATUS_COMPLETED:
      return 'Completed';
    case Status.WORKFLOW_EXECUTION_STATUS_FAILED:
      return 'Failed';
    case Status.WORKFLOW_EXECUTION_STATUS_CANCELED:
      return 'Canceled';
    case Status.WORKFLOW_EXECUTION_STATUS_TERMINATED:
      return 'Terminated';
    case Status.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW:
      return 'ContinuedAsNew';
    case Status.WORKFLOW_EXECUTION_STATUS_TIMED_OUT:
      return 'TimedOut';
    default:
      return 'Running';
  }
}

const CLOSE_EVENT_TYPES = new Set<number>([
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
]);

export function isCloseEvent(e: HistoryEvent): boolean {
  return CLOSE_EVENT_TYPES.has(e.eventType ?? 0);
}

export function stageNumber(s: UpdateState['stage']): number {
  return s === 'admitted' ? 1 : s === 'accepted' ? 2 : 3;
}

export function isClosingCommand(t: number): boolean {
  return (
    t === CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION ||
    t === CommandType.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION ||
    t === CommandType.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION ||
    t === CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION
  );
}

export function isNullPayload(p: Payload): boolean {
  const enc = p.metadata?.encoding;
  if (enc && new TextDecoder().decode(enc) === 'binary/null') return true;
  return false;
}

