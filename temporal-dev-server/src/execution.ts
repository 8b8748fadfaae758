/**
 * Mutable state of one workflow run: its history, the workflow task in flight, timers,
 * activities, children, external signals/cancels, updates and queries.
 *
 * Event rules (as the real server and the SDK expect them):
 *  - while a workflow task is started, events caused from outside (signals, timer fires,
 *    activity results, ...) are buffered and appended after that task's command events;
 *  - ACTIVITY_TASK_STARTED is written when the attempt finishes, right before its result;
 *  - a workflow task retried after a failure/timeout is "transient": its scheduled and started
 *    events are only written to history when it completes.
 */
import type { Clock, TimerHandle } from './clock.ts';
import type { Logger } from './log.ts';
import type { Matching, Task } from './matching.ts';
import type { Namespace, Namespaces } from './namespaces.ts';
import {
  api,
  anyTypeName,
  CommandType,
  durFromMs,
  durMs,
  enums,
  EventType,
  newAny,
  num,
  RetryState,
  Status,
  TimeoutType,
  tsFromMs,
  L,
  type Failure,
  type Header,
  type HistoryEvent,
  type Payload,
  type Payloads,
  type temporal,
} from './proto.ts';
import { decideRetry, normalizeRetryPolicy, retryPolicyToProto, type NormalizedRetryPolicy } from './retry.ts';
import { ServiceError, GrpcStatus, notFound, invalidArgument } from './errors.ts';
import { encodeToken } from './tokens.ts';

type Command = temporal.api.command.v1.ICommand;
type ProtocolMessage = temporal.api.protocol.v1.IMessage;
type PollWftResponse = temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse;
type PollActivityResponse = temporal.api.workflowservice.v1.IPollActivityTaskQueueResponse;
type UpdateRequest = temporal.api.update.v1.IRequest;
type UpdateOutcome = temporal.api.update.v1.IOutcome;
type WorkflowQuery = temporal.api.query.v1.IWorkflowQuery;
type QueryWorkflowResponse = temporal.api.workflowservice.v1.IQueryWorkflowResponse;
type RespondWftCompleted = temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest;
type RespondWftFailed = temporal.api.workflowservice.v1.IRespondWorkflowTaskFailedRequest;

const TQKind = enums.TaskQueueKind;
const WFTCause = enums.WorkflowTaskFailedCause;
const ParentClosePolicy = enums.ParentClosePolicy;

export const DEFAULT_WFT_TIMEOUT_MS = 10_000;
const DEFAULT_STICKY_TIMEOUT_MS = 5_000;

export interface Env {
  clock: Clock;
  matching: Matching;
  namespaces: Namespaces;
  log: Logger;
  store: StoreApi;
  nextTaskId(): number;
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

interface BufferedEvent {
  event: HistoryEvent;
  onAppend?: (eventId: number) => void;
}

interface WorkflowTaskState {
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

interface ActivityState {
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

interface ChildState {
  initiatedEventId: number;
  namespace: string;
  workflowId: string;
  workflowType: string;
  runId: string;
  startedEventId: number;
  parentClosePolicy: number;
  open: boolean;
}

interface UpdateState {
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

interface PendingQuery {
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

let querySeq = 0;

export class Execution {
  readonly namespace: Namespace;
  readonly workflowId: string;
  readonly runId: string;
  readonly params: StartParams;
  readonly workflowType: string;
  readonly taskQueue: string;
  readonly startTime: number;
  executionTime: number;
  closeTime: number | undefined;
  status: number = Status.WORKFLOW_EXECUTION_STATUS_RUNNING;
  readonly history: HistoryEvent[] = [];
  memo: Record<string, Payload>;
  searchAttributes: Record<string, Payload>;
  readonly requestIds = new Set<string>();
  /** Next run (continue-as-new, retry), once closed that way. */
  nextRunId: string | undefined;
  stateTransitionCount = 0;

  private buffered: BufferedEvent[] = [];
  private wft: WorkflowTaskState | undefined;
  private wftAttempt = 1;
  private lastCompletedStartedEventId = 0;
  private wftCompleting = false;
  private sticky: { queue: string; timeoutMs: number } | undefined;
  private readonly timers = new Map<string, { startedEventId: number; handle: TimerHandle }>();
  readonly activities = new Map<number, ActivityState>();
  private readonly activityByActivityId = new Map<string, number>();
  readonly children = new Map<number, ChildState>();
  private readonly updates = new Map<string, UpdateState>();
  private readonly queries = new Map<string, PendingQuery>();
  private cancelRequested = false;
  private runTimer: TimerHandle | undefined;
  private executionTimer: TimerHandle | undefined;
  private backoffTimer: TimerHandle | undefined;
  private readonly historyWaiters = new Set<() => void>();
  private readonly afterCompletion: Array<() => void> = [];
  private readonly holds = new Set<string>();

  constructor(
    private readonly env: Env,
    params: StartParams,
  ) {
    this.params = params;
    this.namespace = params.namespace;
    this.workflowId = params.workflowId;
    this.runId = params.runId;
    this.workflowType = params.workflowType;
    this.taskQueue = params.taskQueue;
    this.startTime = env.clock.now();
    this.executionTime = this.startTime + (params.firstWorkflowTaskBackoffMs ?? 0);
    this.memo = { ...(params.memo ?? {}) };
    this.searchAttributes = { ...(params.searchAttributes ?? {}) };
    this.requestIds.add(params.requestId);
  }

  // ---------------------------------------------------------------------------------------------
  // Basics

  get isOpen(): boolean {
    return this.status === Status.WORKFLOW_EXECUTION_STATUS_RUNNING;
  }

  get parent(): ParentInfo | undefined {
    return this.params.parent;
  }

  get taskTimeoutMs(): number {
    return this.params.taskTimeoutMs ?? DEFAULT_WFT_TIMEOUT_MS;
  }

  get stickyQueue(): string | undefined {
    return this.sticky?.queue;
  }

  get historyLength(): number {
    return this.history.length;
  }

  get lastEventId(): number {
    return this.history.length;
  }

  private get log(): Logger {
    return this.env.log;
  }

  private hold(key: string, what: string, running = false): void {
    const k = `${this.runId}:${key}`;
    this.holds.add(k);
    this.env.clock.hold(k, `${what} (${this.workflowId})`, running);
  }

  private release(key: string): void {
    const k = `${this.runId}:${key}`;
    this.holds.delete(k);
    this.env.clock.release(k);
  }

  private newEvent(type: number, attrKey: string, attrs: object): HistoryEvent {
    return {
      eventId: 0,
      eventTime: tsFromMs(this.env.clock.now()),
      eventType: type,
      taskId: this.env.nextTaskId(),
      [attrKey]: attrs,
    } as unknown as HistoryEvent;
  }

  /** Append to history right away. Returns the event id. */
  private append(ev: HistoryEvent, onAppend?: (id: number) => void): number {
    const id = this.history.length + 1;
    ev.eventId = L(id);
    this.history.push(ev);
    this.stateTransitionCount++;
    onAppend?.(id);
    this.notifyHistory();
    return id;
  }

  private notifyHistory(): void {
    if (this.historyWaiters.size === 0) return;
    const ws = [...this.historyWaiters];
    this.historyWaiters.clear();
    for (const w of ws) w();
  }

  /** Resolve on the next history change or close (or abort). */
  waitForChange(signal: AbortSignal, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        this.historyWaiters.delete(done);
        resolve();
      };
      const t = setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done, { once: true });
      this.historyWaiters.add(done);
    });
  }

  /**
   * Add an event caused from outside the workflow task (signal, timer fired, activity result...).
   * Buffered while a workflow task is started; otherwise appended, and a workflow task scheduled.
   */
  private addExternal(ev: HistoryEvent, onAppend?: (id: number) => void): void {
    if (!this.isOpen) return;
    if (this.wft?.state === 'started' || this.wftCompleting) {
      this.buffered.push({ event: ev, onAppend });
      return;
    }
    this.append(ev, onAppend);
    this.scheduleWorkflowTask();
  }

  private flushBuffered(): boolean {
    if (this.buffered.length === 0) return false;
    const b = this.buffered;
    this.buffered = [];
    for (const { event, onAppend } of b) this.append(event, onAppend);
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Start

  start(): void {
    const p = this.params;
    const now = this.env.clock.now();
    const attrs: temporal.api.history.v1.IWorkflowExecutionStartedEventAttributes = {
      workflowType: { name: p.workflowType },
      taskQueue: { name: p.taskQueue, kind: TQKind.TASK_QUEUE_KIND_NORMAL },
      input: p.input ?? undefined,
      workflowExecutionTimeout: p.executionTimeoutMs ? durFromMs(p.executionTimeoutMs) : undefined,
      workflowRunTimeout: p.runTimeoutMs ? durFromMs(p.runTimeoutMs) : undefined,
      workflowTaskTimeout: durFromMs(this.taskTimeoutMs),
      continuedExecutionRunId: p.continuedExecutionRunId ?? '',
      initiator: p.initiator ?? 0,
      continuedFailure: p.continuedFailure ?? undefined,
      lastCompletionResult: p.lastCompletionResult ?? undefined,
      originalExecutionRunId: this.runId,
      identity: p.identity,
      firstExecutionRunId: p.firstExecutionRunId,
      retryPolicy: p.retryPolicy ? retryPolicyToProto(p.retryPolicy) : undefined,
      attempt: p.attempt,
      workflowExecutionExpirationTime: p.executionExpirationTime ? tsFromMs(p.executionExpirationTime) : undefined,
      cronSchedule: p.cronSchedule ?? '',
      firstWorkflowTaskBackoff: p.firstWorkflowTaskBackoffMs ? durFromMs(p.firstWorkflowTaskBackoffMs) : undefined,
      memo: Object.keys(this.memo).length ? { fields: this.memo } : undefined,
      searchAttributes: Object.keys(this.searchAttributes).length ? { indexedFields: this.searchAttributes } : undefined,
      header: p.header ?? undefined,
      workflowId: this.workflowId,
      priority: p.priority ?? undefined,
      rootWorkflowExecution: p.rootExecution ?? { workflowId: this.workflowId, runId: this.runId },
    };
    if (p.parent) {
      attrs.parentWorkflowNamespace = p.parent.namespace;
      attrs.parentWorkflowNamespaceId = p.parent.namespaceId;
      attrs.parentWorkflowExecution = { workflowId: p.parent.workflowId, runId: p.parent.runId };
      attrs.parentInitiatedEventId = L(p.parent.initiatedEventId);
    }
    const ev = this.newEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, 'workflowExecutionStartedEventAttributes', attrs);
    if (p.userMetadata) ev.userMetadata = p.userMetadata;
    this.append(ev);
    if (p.initialSignal) {
      const s = p.initialSignal;
      this.append(
        this.newEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, 'workflowExecutionSignaledEventAttributes', {
          signalName: s.name,
          input: s.input ?? undefined,
          identity: s.identity,
          header: s.header ?? undefined,
        }),
      );
      if (s.requestId) this.requestIds.add(`signal:${s.requestId}`);
    }
    // Run and execution timeouts.
    if (p.runTimeoutMs) {
      this.runTimer = this.env.clock.schedule(now + p.runTimeoutMs, () => this.timeOut(), 'run timeout');
    }
    if (p.executionExpirationTime) {
      this.executionTimer = this.env.clock.schedule(p.executionExpirationTime, () => this.timeOut(), 'execution timeout');
    }
    if (p.firstWorkflowTaskBackoffMs && p.firstWorkflowTaskBackoffMs > 0) {
      this.backoffTimer = this.env.clock.schedule(now + p.firstWorkflowTaskBackoffMs, () => {
        this.backoffTimer = undefined;
        this.scheduleWorkflowTask();
      }, 'first workflow task backoff');
    } else {
      this.scheduleWorkflowTask();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Workflow tasks

  private scheduleWorkflowTask(): void {
    if (!this.isOpen || this.wft || this.wftCompleting || this.backoffTimer) return;
    const attempt = this.wftAttempt;
    const transient = attempt > 1;
    const scheduledTime = this.env.clock.now();
    let scheduledEventId = 0;
    if (!transient) {
      scheduledEventId = this.append(
        this.newEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, 'workflowTaskScheduledEventAttributes', {
          taskQueue: { name: this.taskQueue, kind: TQKind.TASK_QUEUE_KIND_NORMAL },
          startToCloseTimeout: durFromMs(this.taskTimeoutMs),
          attempt,
        }),
      );
    }
    const task: Task<PollWftResponse> = {
      label: `wft ${this.workflowId}/${this.runId}#${attempt}`,
      dispatch: (identity) => this.startWorkflowTask(task, identity),
    };
    this.wft = {
      scheduledEventId,
      startedEventId: 0,
      attempt,
      transient,
      state: 'scheduled',
      scheduledTime,
      startedTime: 0,
      identity: '',
      requestId: '',
      task,
      queue: { name: this.taskQueue, sticky: false },
      deliveredUpdates: [],
      attachedQueries: [],
    };
    this.hold('wft', 'workflow task');
    this.enqueueWorkflowTask(this.wft);
  }

  private enqueueWorkflowTask(wft: WorkflowTaskState): void {
    const sticky = this.sticky;
    if (sticky) {
      wft.queue = { name: sticky.queue, sticky: true };
      this.env.matching.add(this.namespace.name, 'workflow', sticky.queue, wft.task);
      wft.stickyTimer = this.env.clock.after(sticky.timeoutMs, () => {
        wft.stickyTimer = undefined;
        if (this.wft !== wft || wft.state !== 'scheduled') return;
        this.log.debug('sticky schedule-to-start timeout: falling back to the normal queue', { workflowId: this.workflowId });
        this.env.matching.remove(this.namespace.name, 'workflow', sticky.queue, wft.task);
        this.sticky = undefined;
        wft.queue = { name: this.taskQueue, sticky: false };
        this.env.matching.add(this.namespace.name, 'workflow', this.taskQueue, wft.task);
      }, 'sticky schedule-to-start');
    } else {
      wft.queue = { name: this.taskQueue, sticky: false };
      this.env.matching.add(this.namespace.name, 'workflow', this.taskQueue, wft.task);
    }
  }

  /** Drop stickiness; move a workflow task waiting on the sticky queue to the normal queue. */
  clearSticky(): void {
    const sticky = this.sticky;
    this.sticky = undefined;
    const wft = this.wft;
    if (sticky && wft && wft.state === 'scheduled' && wft.queue.sticky) {
      wft.stickyTimer?.cancel();
      wft.stickyTimer = undefined;
      this.env.matching.remove(this.namespace.name, 'workflow', sticky.queue, wft.task);
      wft.queue = { name: this.taskQueue, sticky: false };
      this.env.matching.add(this.namespace.name, 'workflow', this.taskQueue, wft.task);
    }
  }

  private startWorkflowTask(task: Task<PollWftResponse>, identity: string): PollWftResponse | null {
    const wft = this.wft;
    if (!this.isOpen || !wft || wft.task !== task || wft.state !== 'scheduled') return null;
    wft.stickyTimer?.cancel();
    wft.stickyTimer = undefined;
    const now = this.env.clock.now();
    wft.state = 'started';
    this.hold('wft', 'workflow task', true);
    wft.startedTime = now;
    wft.identity = identity;
    wft.requestId = globalThis.crypto.randomUUID();
    let events: HistoryEvent[];
    const sticky = wft.queue.sticky;
    if (wft.transient) {
      // Not written yet: shown to the worker at the end of history.
      const schedId = this.history.length + 1;
      wft.scheduledEventId = schedId;
      wft.startedEventId = schedId + 1;
      const sched = this.newEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, 'workflowTaskScheduledEventAttributes', {
        taskQueue: { name: this.taskQueue, kind: TQKind.TASK_QUEUE_KIND_NORMAL },
        startToCloseTimeout: durFromMs(this.taskTimeoutMs),
        attempt: wft.attempt,
      });
      sched.eventId = L(schedId);
      sched.eventTime = tsFromMs(wft.scheduledTime);
      const started = this.startedEventFor(wft);
      started.eventId = L(schedId + 1);
      events = [...this.historySlice(sticky), sched, started];
    } else {
      wft.startedEventId = this.append(this.startedEventFor(wft));
      events = this.historySlice(sticky);
    }
    wft.timeoutTimer = this.env.clock.after(this.taskTimeoutMs, () => this.workflowTaskTimedOut(wft), 'workflow task timeout');

    // Updates waiting for a workflow task travel with this one.
    const messages: ProtocolMessage[] = [];
    for (const u of this.updates.values()) {
      if (u.stage !== 'admitted' || u.delivered) continue;
      u.delivered = true;
      wft.deliveredUpdates.push(u.id);
      messages.push({
        id: `${u.id}/request`,
        protocolInstanceId: u.id,
        eventId: L(wft.startedEventId - 1),
        body: newAny('temporal.api.update.v1.Request', api.update.v1.Request.encode(u.request).finish()),
      });
    }
    // Queries waiting for a workflow task are answered with it.
    const queries: Record<string, WorkflowQuery> = {};
    for (const q of this.queries.values()) {
      if (q.state !== 'waiting') continue;
      q.state = 'attached';
      wft.attachedQueries.push(q.id);
      queries[q.id] = q.query;
    }
    return {
      taskToken: encodeToken({ k: 'w', ns: this.namespace.name, wid: this.workflowId, rid: this.runId, s: wft.scheduledEventId, a: wft.attempt }),
      workflowExecution: { workflowId: this.workflowId, runId: this.runId },
      workflowType: { name: this.workflowType },
      previousStartedEventId: L(this.lastCompletedStartedEventId),
      startedEventId: L(wft.startedEventId),
      attempt: wft.attempt,
      backlogCountHint: L(0),
      history: { events },
      nextPageToken: new Uint8Array(0),
      workflowExecutionTaskQueue: { name: this.taskQueue, kind: TQKind.TASK_QUEUE_KIND_NORMAL },
      scheduledTime: tsFromMs(wft.scheduledTime),
      startedTime: tsFromMs(now),
      queries,
      messages,
    };
  }

  private startedEventFor(wft: WorkflowTaskState): HistoryEvent {
    return this.newEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, 'workflowTaskStartedEventAttributes', {
      scheduledEventId: wft.scheduledEventId,
      identity: wft.identity,
      requestId: wft.requestId,
      historySizeBytes: 0,
    });
  }

  private historySlice(sticky: boolean): HistoryEvent[] {
    if (sticky && this.lastCompletedStartedEventId > 0) return this.history.slice(this.lastCompletedStartedEventId);
    return this.history.slice();
  }

  private checkWftToken(scheduledEventId: number, attempt: number): WorkflowTaskState {
    const wft = this.wft;
    if (!this.isOpen) throw notFound('Workflow execution already completed.');
    if (!wft || wft.state !== 'started' || wft.scheduledEventId !== scheduledEventId || wft.attempt !== attempt) {
      throw notFound('Workflow task not found.');
    }
    return wft;
  }

  /** Write the transient task's scheduled/started events, now that it is being completed. */
  private materializeTransient(wft: WorkflowTaskState): void {
    if (!wft.transient) return;
    const sched = this.newEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, 'workflowTaskScheduledEventAttributes', {
      taskQueue: { name: this.taskQueue, kind: TQKind.TASK_QUEUE_KIND_NORMAL },
      startToCloseTimeout: durFromMs(this.taskTimeoutMs),
      attempt: wft.attempt,
    });
    sched.eventTime = tsFromMs(wft.scheduledTime);
    this.append(sched);
    const started = this.startedEventFor(wft);
    started.eventTime = tsFromMs(wft.startedTime);
    this.append(started);
  }

  private endWorkflowTask(wft: WorkflowTaskState): void {
    wft.timeoutTimer?.cancel();
    wft.stickyTimer?.cancel();
    if (this.wft === wft) this.wft = undefined;
    this.release('wft');
  }

  completeWorkflowTask(scheduledEventId: number, attempt: number, req: RespondWftCompleted): PollWftResponse | undefined {
    const wft = this.checkWftToken(scheduledEventId, attempt);
    const commands = req.commands ?? [];
    const messages = req.messages ?? [];

    // Answer queries that travelled with this task.
    for (const [id, result] of Object.entries(req.queryResults ?? {})) this.answerQuery(id, result);

    // A closing command while new events wait (or updates not yet seen) is refused, so the
    // workflow gets to see them first.
    const closes = commands.some((c) => isClosingCommand(c.commandType ?? 0));
    const unseenUpdates = [...this.updates.values()].some((u) => u.stage === 'admitted' && !u.delivered);
    if (closes && (this.buffered.length > 0 || unseenUpdates)) {
      this.failWorkflowTaskInternal(wft, WFTCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND, undefined, req.identity ?? '');
      return undefined;
    }

    this.materializeTransient(wft);
    const completedId = this.append(
      this.newEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, 'workflowTaskCompletedEventAttributes', {
        scheduledEventId: wft.scheduledEventId,
        startedEventId: wft.startedEventId,
        identity: req.identity ?? '',
        binaryChecksum: req.binaryChecksum ?? '',
        workerVersion: req.workerVersionStamp ?? undefined,
        sdkMetadata: req.sdkMetadata ?? undefined,
        meteringMetadata: req.meteringMetadata ?? undefined,
        deployment: req.deployment ?? undefined,
        versioningBehavior: req.versioningBehavior ?? 0,
      }),
    );
    this.lastCompletedStartedEventId = wft.startedEventId;
    this.wftAttempt = 1;
    this.wftCompleting = true;
    this.endWorkflowTask(wft);

    const stickyName = req.stickyAttributes?.workerTaskQueue?.name;
    if (stickyName) {
      this.sticky = { queue: stickyName, timeoutMs: durMs(req.stickyAttributes?.scheduleToStartTimeout) ?? DEFAULT_STICKY_TIMEOUT_MS };
    } else {
      this.sticky = undefined;
    }

    const messagesById = new Map<string, ProtocolMessage>();
    for (const m of messages) if (m.id) messagesById.set(m.id, m);
    const handledMessages = new Set<string>();

    try {
      for (const cmd of commands) {
        if (!this.isOpen) break;
        if (cmd.commandType === CommandType.COMMAND_TYPE_PROTOCOL_MESSAGE) {
          const id = cmd.protocolMessageCommandAttributes?.messageId ?? '';
          const m = messagesById.get(id);
          if (m && !handledMessages.has(id)) {
            handledMessages.add(id);
            this.safeProtocolMessage(m, completedId);
          }
          continue;
        }
        try {
          this.handleCommand(cmd, completedId);
        } catch (err) {
          // A server bug must not leave the workflow without a workflow task: log and go on.
          this.log.error('command failed', { commandType: cmd.commandType, workflowId: this.workflowId, error: err instanceof Error ? err.stack : String(err) });
        }
      }
      if (this.isOpen) {
        for (const m of messages) {
          if (m.id && handledMessages.has(m.id)) continue;
          this.safeProtocolMessage(m, completedId);
        }
      }
    } finally {
      this.wftCompleting = false;
    }

    // Updates delivered with this task but neither accepted nor rejected go out again.
    for (const id of wft.deliveredUpdates) {
      const u = this.updates.get(id);
      if (u && u.stage === 'admitted') u.delivered = false;
    }
    for (const id of wft.attachedQueries) {
      const q = this.queries.get(id);
      if (q && q.state === 'attached') q.state = 'waiting';
    }

    if (!this.isOpen) {
      this.runAfterCompletion();
      return undefined;
    }
    const hadBuffered = this.flushBuffered();
    const needsTask =
      hadBuffered ||
      !!req.forceCreateNewWorkflowTask ||
      [...this.updates.values()].some((u) => u.stage === 'admitted' && !u.delivered);
    let newTask: PollWftResponse | undefined;
    if (needsTask) {
      this.scheduleWorkflowTask();
      if (req.returnNewWorkflowTask && this.wft && this.wft.state === 'scheduled') {
        const w = this.wft;
        if (this.env.matching.remove(this.namespace.name, 'workflow', w.queue.name, w.task)) {
          newTask = this.startWorkflowTask(w.task, req.identity ?? '') ?? undefined;
        }
      }
    }
    this.runAfterCompletion();
    this.dispatchWaitingQueries();
    return newTask;
  }

  private runAfterCompletion(): void {
    const fns = this.afterCompletion.splice(0);
    for (const f of fns) {
      try {
        f();
      } catch (err) {
        this.log.error('post-completion action failed', { error: err instanceof Error ? err.stack : String(err) });
      }
    }
  }

  failWorkflowTask(scheduledEventId: number, attempt: number, req: RespondWftFailed): void {
    const wft = this.checkWftToken(scheduledEventId, attempt);
    this.failWorkflowTaskInternal(wft, req.cause ?? WFTCause.WORKFLOW_TASK_FAILED_CAUSE_UNSPECIFIED, req.failure ?? undefined, req.identity ?? '');
  }

  private failWorkflowTaskInternal(wft: WorkflowTaskState, cause: number, failure: Failure | undefined, identity: string): void {
    if (!wft.transient) {
      this.append(
        this.newEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED, 'workflowTaskFailedEventAttributes', {
          scheduledEventId: wft.scheduledEventId,
          startedEventId: wft.startedEventId,
          cause,
          failure,
          identity,
        }),
      );
    }
    this.log.debug('workflow task failed', { workflowId: this.workflowId, cause, message: failure?.message });
    this.afterWorkflowTaskLost(wft, cause !== WFTCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND);
  }

  private workflowTaskTimedOut(wft: WorkflowTaskState): void {
    if (this.wft !== wft || wft.state !== 'started' || !this.isOpen) return;
    if (!wft.transient) {
      this.append(
        this.newEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT, 'workflowTaskTimedOutEventAttributes', {
          scheduledEventId: wft.scheduledEventId,
          startedEventId: wft.startedEventId,
          timeoutType: TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
        }),
      );
    }
    this.log.debug('workflow task timed out', { workflowId: this.workflowId });
    this.afterWorkflowTaskLost(wft, true);
  }

  private afterWorkflowTaskLost(wft: WorkflowTaskState, countsAsAttempt: boolean): void {
    this.endWorkflowTask(wft);
    this.sticky = undefined;
    for (const id of wft.deliveredUpdates) {
      const u = this.updates.get(id);
      if (u && u.stage === 'admitted') u.delivered = false;
    }
    for (const id of wft.attachedQueries) {
      const q = this.queries.get(id);
      if (q && q.state === 'attached') q.state = 'waiting';
    }
    // Events buffered during the lost task become history now.
    const flushed = this.flushBuffered();
    if (countsAsAttempt && !flushed) this.wftAttempt = wft.attempt + 1;
    else this.wftAttempt = 1;
    this.scheduleWorkflowTask();
  }

  // ---------------------------------------------------------------------------------------------
  // Commands

  private handleCommand(cmd: Command, completedId: number): void {
    const T = CommandType;
    switch (cmd.commandType) {
      case T.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK:
        return this.cmdScheduleActivity(cmd.scheduleActivityTaskCommandAttributes ?? {}, completedId);
      case T.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK:
        return this.cmdRequestCancelActivity(num(cmd.requestCancelActivityTaskCommandAttributes?.scheduledEventId), completedId);
      case T.COMMAND_TYPE_START_TIMER:
        return this.cmdStartTimer(cmd.startTimerCommandAttributes ?? {}, completedId);
      case T.COMMAND_TYPE_CANCEL_TIMER:
        return this.cmdCancelTimer(cmd.cancelTimerCommandAttributes?.timerId ?? '', completedId);
      case T.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION:
        return this.completeWorkflow(cmd.completeWorkflowExecutionCommandAttributes?.result ?? undefined, completedId);
      case T.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION:
        return this.failWorkflow(cmd.failWorkflowExecutionCommandAttributes?.failure ?? undefined, completedId);
      case T.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION:
        return this.cancelWorkflow(cmd.cancelWorkflowExecutionCommandAttributes?.details ?? undefined, completedId);
      case T.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION:
        return this.continueAsNew(cmd.continueAsNewWorkflowExecutionCommandAttributes ?? {}, completedId);
      case T.COMMAND_TYPE_RECORD_MARKER: {
        const a = cmd.recordMarkerCommandAttributes ?? {};
        this.append(
          this.newEvent(EventType.EVENT_TYPE_MARKER_RECORDED, 'markerRecordedEventAttributes', {
            markerName: a.markerName,
            details: a.details,
            workflowTaskCompletedEventId: completedId,
            header: a.header,
            failure: a.failure,
          }),
        );
        return;
      }
      case T.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION:
        return this.cmdStartChild(cmd.startChildWorkflowExecutionCommandAttributes ?? {}, completedId);
      case T.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION:
        return this.cmdSignalExternal(cmd.signalExternalWorkflowExecutionCommandAttributes ?? {}, completedId);
      case T.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION:
        return this.cmdCancelExternal(cmd.requestCancelExternalWorkflowExecutionCommandAttributes ?? {}, completedId);
      case T.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: {
        const sa = cmd.upsertWorkflowSearchAttributesCommandAttributes?.searchAttributes ?? {};
        this.append(
          this.newEvent(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES, 'upsertWorkflowSearchAttributesEventAttributes', {
            workflowTaskCompletedEventId: completedId,
            searchAttributes: sa,
          }),
        );
        this.mergeSearchAttributes(sa.indexedFields ?? {});
        return;
      }
      case T.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES: {
        const memo = cmd.modifyWorkflowPropertiesCommandAttributes?.upsertedMemo ?? {};
        this.append(
          this.newEvent(EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED, 'workflowPropertiesModifiedEventAttributes', {
            workflowTaskCompletedEventId: completedId,
            upsertedMemo: memo,
          }),
        );
        for (const [k, v] of Object.entries(memo.fields ?? {})) {
          if (!v.data || v.data.length === 0 || isNullPayload(v)) delete this.memo[k];
          else this.memo[k] = v;
        }
        return;
      }
      default:
        this.log.warn('unsupported command ignored', { commandType: cmd.commandType, workflowId: this.workflowId });
    }
  }

  mergeSearchAttributes(fields: Record<string, Payload>): void {
    for (const [k, v] of Object.entries(fields)) {
      if (!v.data || v.data.length === 0 || isNullPayload(v)) delete this.searchAttributes[k];
      else this.searchAttributes[k] = v;
    }
  }

  // --- timers

  private cmdStartTimer(a: temporal.api.command.v1.IStartTimerCommandAttributes, completedId: number): void {
    const timerId = a.timerId ?? '';
    const ms = durMs(a.startToFireTimeout) ?? 0;
    const startedEventId = this.append(
      this.newEvent(EventType.EVENT_TYPE_TIMER_STARTED, 'timerStartedEventAttributes', {
        timerId,
        startToFireTimeout: a.startToFireTimeout ?? durFromMs(0),
        workflowTaskCompletedEventId: completedId,
      }),
    );
    const handle = this.env.clock.after(ms, () => {
      const t = this.timers.get(timerId);
      if (!t || t.startedEventId !== startedEventId) return;
      this.timers.delete(timerId);
      this.addExternal(
        this.newEvent(EventType.EVENT_TYPE_TIMER_FIRED, 'timerFiredEventAttributes', { timerId, startedEventId }),
      );
    }, `timer ${timerId} of ${this.workflowId}`);
    this.timers.get(timerId)?.handle.cancel();
    this.timers.set(timerId, { startedEventId, handle });
  }

  private cmdCancelTimer(timerId: string, completedId: number): void {
    const t = this.timers.get(timerId);
    let startedEventId = t?.startedEventId ?? 0;
    if (t) {
      t.handle.cancel();
      this.timers.delete(timerId);
    } else {
      // Fired while this task was running: drop the buffered fire, the workflow cancelled it.
      const i = this.buffered.findIndex(
        (b) => b.event.eventType === EventType.EVENT_TYPE_TIMER_FIRED && b.event.timerFiredEventAttributes?.timerId === timerId,
      );
      if (i < 0) {
        this.log.warn('cancel of unknown timer ignored', { timerId, workflowId: this.workflowId });
        return;
      }
      startedEventId = num(this.buffered[i]!.event.timerFiredEventAttributes?.startedEventId);
      this.buffered.splice(i, 1);
    }
    this.append(
      this.newEvent(EventType.EVENT_TYPE_TIMER_CANCELED, 'timerCanceledEventAttributes', {
        timerId,
        startedEventId,
        workflowTaskCompletedEventId: completedId,
        identity: '',
      }),
    );
  }

  // --- activities

  private cmdScheduleActivity(a: temporal.api.command.v1.IScheduleActivityTaskCommandAttributes, completedId: number): void {
    const scheduleToCloseMs = durMs(a.scheduleToCloseTimeout) ?? 0;
    let startToCloseMs = durMs(a.startToCloseTimeout) ?? 0;
    if (!startToCloseMs) startToCloseMs = scheduleToCloseMs;
    let scheduleToStartMs = durMs(a.scheduleToStartTimeout) ?? 0;
    if (scheduleToCloseMs && (!scheduleToStartMs || scheduleToStartMs > scheduleToCloseMs)) scheduleToStartMs = scheduleToCloseMs;
    let heartbeatMs = durMs(a.heartbeatTimeout) ?? 0;
    if (heartbeatMs && startToCloseMs && heartbeatMs > startToCloseMs) heartbeatMs = startToCloseMs;
    const retryPolicy = normalizeRetryPolicy(a.retryPolicy, true)!;
    const taskQueue = a.taskQueue?.name || this.taskQueue;
    const attrs: temporal.api.history.v1.IActivityTaskScheduledEventAttributes = {
      activityId: a.activityId,
      activityType: a.activityType,
      taskQueue: { name: taskQueue, kind: TQKind.TASK_QUEUE_KIND_NORMAL },
      header: a.header,
      input: a.input,
      scheduleToCloseTimeout: durFromMs(scheduleToCloseMs),
      scheduleToStartTimeout: durFromMs(scheduleToStartMs),
      startToCloseTimeout: durFromMs(startToCloseMs),
      heartbeatTimeout: durFromMs(heartbeatMs),
      workflowTaskCompletedEventId: L(completedId),
      retryPolicy: retryPolicyToProto(retryPolicy),
      useWorkflowBuildId: a.useWorkflowBuildId ?? false,
      priority: a.priority,
    };
    const scheduledEventId = this.append(this.newEvent(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, 'activityTaskScheduledEventAttributes', attrs));
    const now = this.env.clock.now();
    const act: ActivityState = {
      scheduledEventId,
      activityId: a.activityId ?? '',
      activityType: a.activityType?.name ?? '',
      taskQueue,
      input: a.input,
      header: a.header,
      scheduleToCloseMs,
      scheduleToStartMs,
      startToCloseMs,
      heartbeatMs,
      retryPolicy,
      attempt: 1,
      state: 'scheduled',
      firstScheduledTime: now,
      attemptScheduledTime: now,
      startedTime: 0,
      identity: '',
      requestId: '',
      heartbeatDetails: undefined,
      lastHeartbeatTime: 0,
      cancelRequested: false,
      cancelRequestedEventId: 0,
      lastFailure: undefined,
      lastWorkerIdentity: '',
      timers: {},
      priority: a.priority,
    };
    this.activities.set(scheduledEventId, act);
    this.activityByActivityId.set(act.activityId, scheduledEventId);
    if (scheduleToCloseMs) {
      act.timers.scheduleToClose = this.env.clock.after(scheduleToCloseMs, () => this.activityTimedOut(act, TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE), 'activity schedule-to-close');
    }
    this.dispatchActivityAttempt(act);
  }

  private dispatchActivityAttempt(act: ActivityState): void {
    act.state = 'scheduled';
    act.attemptScheduledTime = this.env.clock.now();
    this.hold(`act:${act.scheduledEventId}`, `activity ${act.activityType}`);
    const task: Task<PollActivityResponse> = {
      label: `activity ${act.activityType} ${this.workflowId}#${act.attempt}`,
      dispatch: (identity) => this.startActivity(act, task, identity),
    };
    act.task = task;
    if (act.scheduleToStartMs) {
      act.timers.scheduleToStart = this.env.clock.after(act.scheduleToStartMs, () => {
        if (act.state === 'scheduled' && act.task === task) this.activityTimedOut(act, TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START);
      }, 'activity schedule-to-start');
    }
    this.env.matching.add(this.namespace.name, 'activity', act.taskQueue, task);
  }

  private startActivity(act: ActivityState, task: Task<PollActivityResponse>, identity: string): PollActivityResponse | null {
    if (!this.isOpen || this.activities.get(act.scheduledEventId) !== act || act.task !== task || act.state !== 'scheduled') return null;
    const now = this.env.clock.now();
    act.state = 'started';
    this.hold(`act:${act.scheduledEventId}`, `activity ${act.activityType}`, true);
    act.startedTime = now;
    act.identity = identity;
    act.lastWorkerIdentity = identity;
    act.requestId = globalThis.crypto.randomUUID();
    act.lastHeartbeatTime = now;
    act.timers.scheduleToStart?.cancel();
    act.timers.scheduleToStart = undefined;
    if (act.startToCloseMs) {
      act.timers.startToClose = this.env.clock.after(act.startToCloseMs, () => this.activityTimedOut(act, TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE), 'activity start-to-close');
    }
    this.armHeartbeatTimer(act);
    return {
      taskToken: encodeToken({ k: 'a', ns: this.namespace.name, wid: this.workflowId, rid: this.runId, s: act.scheduledEventId, a: act.attempt }),
      workflowNamespace: this.namespace.name,
      workflowType: { name: this.workflowType },
      workflowExecution: { workflowId: this.workflowId, runId: this.runId },
      activityType: { name: act.activityType },
      activityId: act.activityId,
      header: act.header ?? undefined,
      input: act.input ?? undefined,
      heartbeatDetails: act.heartbeatDetails ?? undefined,
      scheduledTime: tsFromMs(act.firstScheduledTime),
      currentAttemptScheduledTime: tsFromMs(act.attemptScheduledTime),
      startedTime: tsFromMs(now),
      attempt: act.attempt,
      scheduleToCloseTimeout: durFromMs(act.scheduleToCloseMs),
      startToCloseTimeout: durFromMs(act.startToCloseMs),
      heartbeatTimeout: durFromMs(act.heartbeatMs),
      retryPolicy: retryPolicyToProto(act.retryPolicy),
      priority: act.priority ?? undefined,
    };
  }

  private armHeartbeatTimer(act: ActivityState): void {
    act.timers.heartbeat?.cancel();
    act.timers.heartbeat = undefined;
    if (!act.heartbeatMs || act.state !== 'started') return;
    const attempt = act.attempt;
    act.timers.heartbeat = this.env.clock.after(act.heartbeatMs, () => {
      if (act.state === 'started' && act.attempt === attempt) this.activityTimedOut(act, TimeoutType.TIMEOUT_TYPE_HEARTBEAT);
    }, 'activity heartbeat');
  }

  private clearActivityTimers(act: ActivityState, keepScheduleToClose: boolean): void {
    for (const [k, t] of Object.entries(act.timers)) {
      if (keepScheduleToClose && k === 'scheduleToClose') continue;
      t?.cancel();
      delete act.timers[k as keyof ActivityState['timers']];
    }
  }

  /** Find the started activity attempt a token or id refers to; throws NOT_FOUND otherwise. */
  findActivity(scheduledEventId: number | undefined, attempt: number | undefined, activityId?: string): ActivityState {
    if (!this.isOpen) throw notFound('Workflow execution already completed.');
    let id = scheduledEventId;
    if (id === undefined && activityId !== undefined) id = this.activityByActivityId.get(activityId);
    const act = id !== undefined ? this.activities.get(id) : undefined;
    if (!act || act.state !== 'started' || (attempt !== undefined && act.attempt !== attempt)) {
      throw notFound('Activity task not found.');
    }
    return act;
  }

  recordHeartbeat(act: ActivityState, details: Payloads | null | undefined): { cancelRequested: boolean } {
    if (details) act.heartbeatDetails = details;
    act.lastHeartbeatTime = this.env.clock.now();
    this.armHeartbeatTimer(act);
    return { cancelRequested: act.cancelRequested };
  }

  private finishActivity(act: ActivityState): void {
    this.clearActivityTimers(act, false);
    this.activities.delete(act.scheduledEventId);
    if (this.activityByActivityId.get(act.activityId) === act.scheduledEventId) this.activityByActivityId.delete(act.activityId);
    act.task = undefined;
    this.release(`act:${act.scheduledEventId}`);
  }

  /** ACTIVITY_TASK_STARTED then the result event, with the started id filled in on flush. */
  private addActivityResult(act: ActivityState, type: number, key: string, attrs: Record<string, unknown>, includeStarted: boolean): void {
    if (includeStarted) {
      const startedEv = this.newEvent(EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, 'activityTaskStartedEventAttributes', {
        scheduledEventId: act.scheduledEventId,
        identity: act.identity,
        requestId: act.requestId,
        attempt: act.attempt,
        lastFailure: act.lastFailure ?? undefined,
      });
      startedEv.eventTime = tsFromMs(act.startedTime);
      const resultEv = this.newEvent(type, key, { ...attrs, scheduledEventId: act.scheduledEventId, startedEventId: 0 });
      this.addExternalPair(startedEv, resultEv, key);
    } else {
      this.addExternal(this.newEvent(type, key, { ...attrs, scheduledEventId: act.scheduledEventId, startedEventId: 0 }));
    }
  }

  private addExternalPair(first: HistoryEvent, second: HistoryEvent, secondKey: string): void {
    const setStarted = (id: number): void => {
      (second as Record<string, { startedEventId?: number }>)[secondKey]!.startedEventId = id;
    };
    if (!this.isOpen) return;
    if (this.wft?.state === 'started' || this.wftCompleting) {
      this.buffered.push({ event: first, onAppend: setStarted }, { event: second });
      return;
    }
    this.append(first, setStarted);
    this.append(second);
    this.scheduleWorkflowTask();
  }

  completeActivity(act: ActivityState, result: Payloads | null | undefined, identity: string): void {
    this.finishActivity(act);
    this.addActivityResult(act, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, 'activityTaskCompletedEventAttributes', {
      result: result ?? undefined,
      identity: identity || act.identity,
    }, true);
  }

  failActivity(act: ActivityState, failure: Failure | null | undefined, identity: string, lastHeartbeatDetails?: Payloads | null): void {
    if (lastHeartbeatDetails) act.heartbeatDetails = lastHeartbeatDetails;
    const deadline = act.scheduleToCloseMs ? act.firstScheduledTime + act.scheduleToCloseMs : undefined;
    const decision = act.cancelRequested
      ? { retry: false, backoffMs: 0, retryState: RetryState.RETRY_STATE_CANCEL_REQUESTED }
      : decideRetry(act.retryPolicy, act.attempt, failure, this.env.clock.now(), deadline);
    if (decision.retry) {
      this.retryActivity(act, failure, decision.backoffMs);
      return;
    }
    this.finishActivity(act);
    this.addActivityResult(act, EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED, 'activityTaskFailedEventAttributes', {
      failure: failure ?? undefined,
      identity: identity || act.identity,
      retryState: decision.retryState,
    }, true);
  }

  private retryActivity(act: ActivityState, failure: Failure | null | undefined, backoffMs: number): void {
    this.clearActivityTimers(act, true);
    act.lastFailure = failure;
    act.state = 'backoff';
    act.task = undefined;
    act.attempt++;
    this.release(`act:${act.scheduledEventId}`);
    this.log.debug('activity retry scheduled', { activityType: act.activityType, attempt: act.attempt, backoffMs });
    act.timers.retry = this.env.clock.after(backoffMs, () => {
      act.timers.retry = undefined;
      if (this.activities.get(act.scheduledEventId) !== act || act.state !== 'backoff') return;
      this.dispatchActivityAttempt(act);
    }, 'activity retry backoff');
  }

  cancelActivity(act: ActivityState, details: Payloads | null | undefined, identity: string): void {
    this.finishActivity(act);
    this.addActivityResult(act, EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED, 'activityTaskCanceledEventAttributes', {
      details: details ?? undefined,
      latestCancelRequestedEventId: act.cancelRequestedEventId,
      identity: identity || act.identity,
    }, true);
  }

  private activityTimedOut(act: ActivityState, timeoutType: number): void {
    if (!this.isOpen || this.activities.get(act.scheduledEventId) !== act) return;
    const names: Record<number, string> = {
      [TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE]: 'StartToClose',
      [TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START]: 'ScheduleToStart',
      [TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE]: 'ScheduleToClose',
      [TimeoutType.TIMEOUT_TYPE_HEARTBEAT]: 'Heartbeat',
    };
    const failure: Failure = {
      message: `activity ${names[timeoutType] ?? ''}Timeout`,
      source: 'Server',
      timeoutFailureInfo: { timeoutType, lastHeartbeatDetails: act.heartbeatDetails ?? undefined },
    };
    const retryable = timeoutType === TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE || timeoutType === TimeoutType.TIMEOUT_TYPE_HEARTBEAT;
    const deadline = act.scheduleToCloseMs ? act.firstScheduledTime + act.scheduleToCloseMs : undefined;
    if (retryable && act.state === 'started' && !act.cancelRequested) {
      const decision = decideRetry(act.retryPolicy, act.attempt, failure, this.env.clock.now(), deadline, true);
      if (decision.retry) {
        this.retryActivity(act, failure, decision.backoffMs);
        return;
      }
      this.finishActivity(act);
      this.addActivityResult(act, EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT, 'activityTaskTimedOutEventAttributes', {
        failure: act.lastFailure ? { ...failure, cause: act.lastFailure } : failure,
        retryState: decision.retryState,
      }, true);
      return;
    }
    const wasStarted = act.state === 'started';
    this.finishActivity(act);
    this.addActivityResult(act, EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT, 'activityTaskTimedOutEventAttributes', {
      failure: act.lastFailure ? { ...failure, cause: act.lastFailure } : failure,
      retryState: RetryState.RETRY_STATE_TIMEOUT,
    }, wasStarted);
  }

  private cmdRequestCancelActivity(scheduledEventId: number, completedId: number): void {
    const act = this.activities.get(scheduledEventId);
    const requestedId = this.append(
      this.newEvent(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED, 'activityTaskCancelRequestedEventAttributes', {
        scheduledEventId,
        workflowTaskCompletedEventId: completedId,
      }),
    );
    if (!act) return; // already finished (its result is buffered or in history)
    act.cancelRequested = true;
    act.cancelRequestedEventId = requestedId;
    if (act.state !== 'started') {
      // Never started (or waiting for a retry): cancelled at once.
      this.finishActivity(act);
      this.addActivityResult(act, EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED, 'activityTaskCanceledEventAttributes', {
        latestCancelRequestedEventId: requestedId,
        identity: '',
      }, false);
    }
  }

  // --- children and external workflows

  private cmdStartChild(a: temporal.api.command.v1.IStartChildWorkflowExecutionCommandAttributes, completedId: number): void {
    const ns = a.namespace || this.namespace.name;
    const attrs: temporal.api.history.v1.IStartChildWorkflowExecutionInitiatedEventAttributes = {
      namespace: ns,
      namespaceId: this.namespace.id,
      workflowId: a.workflowId,
      workflowType: a.workflowType,
      taskQueue: { name: a.taskQueue?.name || this.taskQueue, kind: TQKind.TASK_QUEUE_KIND_NORMAL },
      input: a.input,
      workflowExecutionTimeout: a.workflowExecutionTimeout,
      workflowRunTimeout: a.workflowRunTimeout,
      workflowTaskTimeout: a.workflowTaskTimeout,
      parentClosePolicy: a.parentClosePolicy,
      control: a.control,
      workflowTaskCompletedEventId: L(completedId),
      workflowIdReusePolicy: a.workflowIdReusePolicy,
      retryPolicy: a.retryPolicy,
      cronSchedule: a.cronSchedule,
      header: a.header,
      memo: a.memo,
      searchAttributes: a.searchAttributes,
      inheritBuildId: a.inheritBuildId,
      priority: a.priority,
    };
    const initiatedEventId = this.append(
      this.newEvent(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED, 'startChildWorkflowExecutionInitiatedEventAttributes', attrs),
    );
    const child: ChildState = {
      initiatedEventId,
      namespace: ns,
      workflowId: a.workflowId ?? '',
      workflowType: a.workflowType?.name ?? '',
      runId: '',
      startedEventId: 0,
      parentClosePolicy: a.parentClosePolicy || ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE,
      open: true,
    };
    this.children.set(initiatedEventId, child);
    this.hold(`child:${initiatedEventId}`, 'child workflow start');
    this.afterCompletion.push(() => {
      try {
        if (!this.isOpen) return;
        const res = this.env.store.startChild(this, initiatedEventId, attrs);
        if ('error' in res) {
          child.open = false;
          this.children.delete(initiatedEventId);
          this.addExternal(
            this.newEvent(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED, 'startChildWorkflowExecutionFailedEventAttributes', {
              namespace: ns,
              namespaceId: this.namespace.id,
              workflowId: child.workflowId,
              workflowType: { name: child.workflowType },
              cause:
                res.error === 'already-exists'
                  ? enums.StartChildWorkflowExecutionFailedCause.START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS
                  : enums.StartChildWorkflowExecutionFailedCause.START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_NAMESPACE_NOT_FOUND,
              control: attrs.control ?? '',
              initiatedEventId,
              workflowTaskCompletedEventId: completedId,
            }),
          );
          return;
        }
        child.runId = res.runId;
        this.addExternal(
          this.newEvent(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED, 'childWorkflowExecutionStartedEventAttributes', {
            namespace: ns,
            namespaceId: this.namespace.id,
            initiatedEventId,
            workflowExecution: { workflowId: child.workflowId, runId: res.runId },
            workflowType: { name: child.workflowType },
            header: attrs.header ?? undefined,
          }),
          (id) => {
            child.startedEventId = id;
          },
        );
      } finally {
        this.release(`child:${initiatedEventId}`);
      }
    });
  }

  /** Called by a child run when the child workflow (chain) closes. */
  onChildClosed(initiatedEventId: number, closeEvent: HistoryEvent, child: Execution): void {
    const c = this.children.get(initiatedEventId);
    if (!c || !c.open || !this.isOpen) return;
    c.open = false;
    const common = {
      namespace: c.namespace,
      namespaceId: child.namespace.id,
      workflowExecution: { workflowId: child.workflowId, runId: child.runId },
      workflowType: { name: c.workflowType },
      initiatedEventId,
    };
    const startedRef = (): number => c.startedEventId;
    let ev: HistoryEvent;
    let key: string;
    switch (closeEvent.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
        key = 'childWorkflowExecutionCompletedEventAttributes';
        ev = this.newEvent(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED, key, {
          ...common,
          result: closeEvent.workflowExecutionCompletedEventAttributes?.result,
        });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:
        key = 'childWorkflowExecutionFailedEventAttributes';
        ev = this.newEvent(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED, key, {
          ...common,
          failure: closeEvent.workflowExecutionFailedEventAttributes?.failure,
          retryState: closeEvent.workflowExecutionFailedEventAttributes?.retryState,
        });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED:
        key = 'childWorkflowExecutionCanceledEventAttributes';
        ev = this.newEvent(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED, key, {
          ...common,
          details: closeEvent.workflowExecutionCanceledEventAttributes?.details,
        });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT:
        key = 'childWorkflowExecutionTimedOutEventAttributes';
        ev = this.newEvent(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT, key, {
          ...common,
          retryState: closeEvent.workflowExecutionTimedOutEventAttributes?.retryState,
        });
        break;
      default:
        key = 'childWorkflowExecutionTerminatedEventAttributes';
        ev = this.newEvent(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED, key, common);
        break;
    }
    // The started event may itself still be buffered: fill its id in when this one is appended.
    const attrs = (ev as Record<string, { startedEventId?: number }>)[key]!;
    if (c.startedEventId) {
      attrs.startedEventId = c.startedEventId;
      this.addExternal(ev);
    } else {
      const i = this.buffered.findIndex(
        (b) => b.event.childWorkflowExecutionStartedEventAttributes && num(b.event.childWorkflowExecutionStartedEventAttributes.initiatedEventId) === initiatedEventId,
      );
      if (i >= 0) {
        const b = this.buffered[i]!;
        const prev = b.onAppend;
        b.onAppend = (id) => {
          prev?.(id);
          attrs.startedEventId = id;
        };
      } else {
        attrs.startedEventId = startedRef();
      }
      this.addExternal(ev);
    }
    this.children.delete(initiatedEventId);
  }

  private cmdSignalExternal(a: temporal.api.command.v1.ISignalExternalWorkflowExecutionCommandAttributes, completedId: number): void {
    const ns = a.namespace || this.namespace.name;
    const target = { workflowId: a.execution?.workflowId ?? '', runId: a.execution?.runId ?? '' };
    const initiatedEventId = this.append(
      this.newEvent(EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED, 'signalExternalWorkflowExecutionInitiatedEventAttributes', {
        workflowTaskCompletedEventId: completedId,
        namespace: ns,
        namespaceId: this.namespace.id,
        workflowExecution: target,
        signalName: a.signalName,
        input: a.input,
        control: a.control,
        childWorkflowOnly: a.childWorkflowOnly,
        header: a.header,
      }),
    );
    this.afterCompletion.push(() => {
      if (!this.isOpen) return;
      const exec = this.env.store.getRun(ns, target.workflowId, target.runId || undefined);
      const ok = exec && exec.isOpen && (!a.childWorkflowOnly || exec.parent?.runId === this.runId);
      if (ok) {
        exec.signal(a.signalName ?? '', a.input, a.header, `${this.workflowId}`, undefined, { namespace: this.namespace.name, workflowId: this.workflowId, runId: this.runId });
        this.addExternal(
          this.newEvent(EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED, 'externalWorkflowExecutionSignaledEventAttributes', {
            initiatedEventId,
            namespace: ns,
            namespaceId: exec.namespace.id,
            workflowExecution: { workflowId: exec.workflowId, runId: exec.runId },
            control: a.control ?? '',
          }),
        );
      } else {
        this.addExternal(
          this.newEvent(EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED, 'signalExternalWorkflowExecutionFailedEventAttributes', {
            cause: enums.SignalExternalWorkflowExecutionFailedCause.SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND,
            workflowTaskCompletedEventId: completedId,
            namespace: ns,
            namespaceId: this.namespace.id,
            workflowExecution: target,
            initiatedEventId,
            control: a.control ?? '',
          }),
        );
      }
    });
  }

  private cmdCancelExternal(a: temporal.api.command.v1.IRequestCancelExternalWorkflowExecutionCommandAttributes, completedId: number): void {
    const ns = a.namespace || this.namespace.name;
    const target = { workflowId: a.workflowId ?? '', runId: a.runId ?? '' };
    const initiatedEventId = this.append(
      this.newEvent(EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED, 'requestCancelExternalWorkflowExecutionInitiatedEventAttributes', {
        workflowTaskCompletedEventId: completedId,
        namespace: ns,
        namespaceId: this.namespace.id,
        workflowExecution: target,
        control: a.control,
        childWorkflowOnly: a.childWorkflowOnly,
        reason: a.reason,
      }),
    );
    this.afterCompletion.push(() => {
      if (!this.isOpen) return;
      const exec = this.env.store.getRun(ns, target.workflowId, target.runId || undefined);
      const ok = exec && exec.isOpen && (!a.childWorkflowOnly || exec.parent?.runId === this.runId);
      if (ok) {
        exec.requestCancel(a.reason ?? '', this.workflowId, { namespace: this.namespace.name, workflowId: this.workflowId, runId: this.runId, initiatedEventId });
        this.addExternal(
          this.newEvent(EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED, 'externalWorkflowExecutionCancelRequestedEventAttributes', {
            initiatedEventId,
            namespace: ns,
            namespaceId: exec.namespace.id,
            workflowExecution: { workflowId: exec.workflowId, runId: exec.runId },
          }),
        );
      } else {
        this.addExternal(
          this.newEvent(EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED, 'requestCancelExternalWorkflowExecutionFailedEventAttributes', {
            cause: enums.CancelExternalWorkflowExecutionFailedCause.CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND,
            workflowTaskCompletedEventId: completedId,
            namespace: ns,
            namespaceId: this.namespace.id,
            workflowExecution: target,
            initiatedEventId,
            control: a.control ?? '',
          }),
        );
      }
    });
  }

  // --- closing

  private completeWorkflow(result: Payloads | undefined, completedId: number): void {
    this.close(
      Status.WORKFLOW_EXECUTION_STATUS_COMPLETED,
      this.newEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, 'workflowExecutionCompletedEventAttributes', {
        result,
        workflowTaskCompletedEventId: completedId,
      }),
    );
  }

  private failWorkflow(failure: Failure | undefined, completedId: number): void {
    const p = this.params;
    const decision = decideRetry(p.retryPolicy, p.attempt, failure, this.env.clock.now(), p.executionExpirationTime);
    let newRunId = '';
    if (decision.retry) newRunId = globalThis.crypto.randomUUID();
    this.close(
      Status.WORKFLOW_EXECUTION_STATUS_FAILED,
      this.newEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED, 'workflowExecutionFailedEventAttributes', {
        failure,
        retryState: decision.retryState,
        workflowTaskCompletedEventId: completedId,
        newExecutionRunId: newRunId,
      }),
      newRunId ? () => this.startRetry(newRunId, decision.backoffMs, failure) : undefined,
    );
  }

  private startRetry(newRunId: string, backoffMs: number, failure: Failure | undefined): void {
    const p = this.params;
    this.env.store.continueRun(this, {
      ...p,
      runId: newRunId,
      requestId: globalThis.crypto.randomUUID(),
      attempt: p.attempt + 1,
      continuedExecutionRunId: this.runId,
      initiator: enums.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_RETRY,
      continuedFailure: failure,
      firstWorkflowTaskBackoffMs: backoffMs,
      memo: this.memo,
      searchAttributes: this.searchAttributes,
      initialSignal: undefined,
    });
  }

  private cancelWorkflow(details: Payloads | undefined, completedId: number): void {
    this.close(
      Status.WORKFLOW_EXECUTION_STATUS_CANCELED,
      this.newEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED, 'workflowExecutionCanceledEventAttributes', {
        workflowTaskCompletedEventId: completedId,
        details,
      }),
    );
  }

  private continueAsNew(a: temporal.api.command.v1.IContinueAsNewWorkflowExecutionCommandAttributes, completedId: number): void {
    const newRunId = globalThis.crypto.randomUUID();
    const p = this.params;
    const taskQueue = a.taskQueue?.name || this.taskQueue;
    const workflowType = a.workflowType?.name || this.workflowType;
    const runTimeoutMs = durMs(a.workflowRunTimeout) ?? p.runTimeoutMs;
    const taskTimeoutMs = durMs(a.workflowTaskTimeout) ?? p.taskTimeoutMs;
    const backoffMs = durMs(a.backoffStartInterval) ?? 0;
    const memo = a.memo?.fields ? { ...a.memo.fields } : { ...this.memo };
    const searchAttributes = a.searchAttributes?.indexedFields ? { ...a.searchAttributes.indexedFields } : { ...this.searchAttributes };
    const retryPolicy = a.retryPolicy ? normalizeRetryPolicy(a.retryPolicy, false) : p.retryPolicy;
    this.close(
      Status.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW,
      this.newEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, 'workflowExecutionContinuedAsNewEventAttributes', {
        newExecutionRunId: newRunId,
        workflowType: { name: workflowType },
        taskQueue: { name: taskQueue, kind: TQKind.TASK_QUEUE_KIND_NORMAL },
        input: a.input,
        workflowRunTimeout: runTimeoutMs ? durFromMs(runTimeoutMs) : undefined,
        workflowTaskTimeout: taskTimeoutMs ? durFromMs(taskTimeoutMs) : undefined,
        workflowTaskCompletedEventId: completedId,
        backoffStartInterval: a.backoffStartInterval,
        initiator: a.initiator || enums.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_WORKFLOW,
        failure: a.failure,
        lastCompletionResult: a.lastCompletionResult,
        header: a.header,
        memo: { fields: memo },
        searchAttributes: { indexedFields: searchAttributes },
      }),
      () => {
        this.env.store.continueRun(this, {
          ...p,
          runId: newRunId,
          requestId: globalThis.crypto.randomUUID(),
          workflowType,
          taskQueue,
          input: a.input,
          header: a.header,
          memo,
          searchAttributes,
          retryPolicy,
          runTimeoutMs,
          taskTimeoutMs,
          attempt: 1,
          continuedExecutionRunId: this.runId,
          initiator: a.initiator || enums.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_WORKFLOW,
          continuedFailure: a.failure,
          lastCompletionResult: a.lastCompletionResult,
          firstWorkflowTaskBackoffMs: backoffMs,
          initialSignal: undefined,
        });
      },
    );
    this.nextRunId = newRunId;
  }

  private timeOut(): void {
    if (!this.isOpen) return;
    const p = this.params;
    // A run timeout may be retried (if the execution deadline allows).
    const decision = decideRetry(p.retryPolicy, p.attempt, undefined, this.env.clock.now(), p.executionExpirationTime, true);
    let newRunId = '';
    if (decision.retry && this.env.clock.now() < (p.executionExpirationTime ?? Infinity)) newRunId = globalThis.crypto.randomUUID();
    this.forceClose(
      Status.WORKFLOW_EXECUTION_STATUS_TIMED_OUT,
      this.newEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT, 'workflowExecutionTimedOutEventAttributes', {
        retryState: newRunId ? RetryState.RETRY_STATE_IN_PROGRESS : decision.retry ? RetryState.RETRY_STATE_TIMEOUT : decision.retryState,
        newExecutionRunId: newRunId,
      }),
      newRunId ? () => this.startRetry(newRunId, decision.backoffMs, { message: 'workflow timed out', timeoutFailureInfo: { timeoutType: TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE } }) : undefined,
    );
  }

  terminate(reason: string, details: Payloads | null | undefined, identity: string): void {
    if (!this.isOpen) throw notFound('Workflow execution already completed.');
    this.forceClose(
      Status.WORKFLOW_EXECUTION_STATUS_TERMINATED,
      this.newEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED, 'workflowExecutionTerminatedEventAttributes', {
        reason,
        details: details ?? undefined,
        identity,
      }),
    );
  }

  /** Close from outside a workflow task (terminate, timeout): the task in flight is abandoned. */
  private forceClose(status: number, ev: HistoryEvent, after?: () => void): void {
    const wft = this.wft;
    if (wft && wft.state === 'started' && !wft.transient) {
      this.append(
        this.newEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED, 'workflowTaskFailedEventAttributes', {
          scheduledEventId: wft.scheduledEventId,
          startedEventId: wft.startedEventId,
          cause: WFTCause.WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND,
          identity: '',
        }),
      );
    }
    if (wft) this.endWorkflowTask(wft);
    this.flushBuffered();
    this.close(status, ev, after);
  }

  private close(status: number, ev: HistoryEvent, after?: () => void): void {
    if (!this.isOpen) return;
    this.append(ev);
    this.status = status;
    this.closeTime = this.env.clock.now();
    this.buffered = [];
    this.cleanup();
    this.log.debug('workflow closed', { workflowId: this.workflowId, runId: this.runId, status: statusName(status) });
    const n = (ev.workflowExecutionFailedEventAttributes?.newExecutionRunId ||
      ev.workflowExecutionTimedOutEventAttributes?.newExecutionRunId ||
      ev.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId) as string | undefined;
    if (n) this.nextRunId = n;
    // Start the next run first, so a parent/client following the chain finds it.
    after?.();
    this.env.store.onClosed(this);
    // Parent-close policies.
    for (const c of this.children.values()) {
      if (!c.open) continue;
      const child = this.env.store.getRun(c.namespace, c.workflowId);
      if (!child || !child.isOpen) continue;
      if (c.parentClosePolicy === ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE) {
        child.terminate('by parent close policy', undefined, 'temporal-dev-server');
      } else if (c.parentClosePolicy === ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL) {
        child.requestCancel('by parent close policy', 'temporal-dev-server');
      }
    }
    this.notifyHistory();
  }

  private cleanup(): void {
    if (this.wft) this.endWorkflowTask(this.wft);
    for (const t of this.timers.values()) t.handle.cancel();
    this.timers.clear();
    for (const a of this.activities.values()) this.clearActivityTimers(a, false);
    this.activities.clear();
    this.activityByActivityId.clear();
    this.runTimer?.cancel();
    this.executionTimer?.cancel();
    this.backoffTimer?.cancel();
    this.backoffTimer = undefined;
    for (const k of this.holds) this.env.clock.release(k);
    this.holds.clear();
    for (const k of [...this.queries.keys()]) {
      const q = this.queries.get(k)!;
      if (q.state === 'attached') q.state = 'waiting';
    }
    for (const u of this.updates.values()) {
      if (u.stage !== 'completed') {
        u.error = notFound('workflow execution already completed');
        for (const w of u.waiters) w();
        u.waiters.clear();
      }
    }
    this.sticky = undefined;
    // Queries still waiting are answered from the closed workflow's history.
    queueMicrotask(() => this.dispatchWaitingQueries());
  }

  // ---------------------------------------------------------------------------------------------
  // Client requests

  signal(
    name: string,
    input: Payloads | null | undefined,
    header: Header | null | undefined,
    identity: string,
    requestId?: string,
    external?: { namespace: string; workflowId: string; runId: string },
  ): void {
    if (!this.isOpen) throw notFound('workflow execution already completed');
    if (requestId) {
      if (this.requestIds.has(`signal:${requestId}`)) return;
      this.requestIds.add(`signal:${requestId}`);
    }
    this.addExternal(
      this.newEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, 'workflowExecutionSignaledEventAttributes', {
        signalName: name,
        input: input ?? undefined,
        identity,
        header: header ?? undefined,
        externalWorkflowExecution: external ? { workflowId: external.workflowId, runId: external.runId } : undefined,
      }),
    );
  }

  requestCancel(
    reason: string,
    identity: string,
    external?: { namespace: string; workflowId: string; runId: string; initiatedEventId: number },
  ): void {
    if (!this.isOpen) throw notFound('workflow execution already completed');
    if (this.cancelRequested) return;
    this.cancelRequested = true;
    this.addExternal(
      this.newEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED, 'workflowExecutionCancelRequestedEventAttributes', {
        cause: reason,
        identity,
        externalInitiatedEventId: external?.initiatedEventId ?? 0,
        externalWorkflowExecution: external ? { workflowId: external.workflowId, runId: external.runId } : undefined,
      }),
    );
  }

  get isCancelRequested(): boolean {
    return this.cancelRequested;
  }

  // --- updates

  /** Admit an update (deduplicated by id). */
  admitUpdate(request: UpdateRequest): UpdateState {
    const id = request.meta?.updateId || globalThis.crypto.randomUUID();
    const existing = this.updates.get(id);
    if (existing) return existing;
    if (!this.isOpen) throw notFound('workflow execution already completed');
    const u: UpdateState = {
      id,
      request: { ...request, meta: { ...(request.meta ?? {}), updateId: id } },
      stage: 'admitted',
      delivered: false,
      acceptedEventId: 0,
      waiters: new Set(),
    };
    this.updates.set(id, u);
    if (!this.wft && !this.wftCompleting) this.scheduleWorkflowTask();
    return u;
  }

  getUpdate(id: string): UpdateState | undefined {
    return this.updates.get(id);
  }

  /** Wait until the update reaches `stage` (1 admitted, 2 accepted, 3 completed) or times out. */
  async waitUpdate(u: UpdateState, stage: number, signal: AbortSignal, timeoutMs: number): Promise<void> {
    const reached = (): boolean => !!u.error || stageNumber(u.stage) >= stage;
    const end = Date.now() + timeoutMs;
    while (!reached() && !signal.aborted && Date.now() < end) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(t);
          signal.removeEventListener('abort', done);
          u.waiters.delete(done);
          resolve();
        };
        const t = setTimeout(done, Math.max(0, end - Date.now()));
        signal.addEventListener('abort', done, { once: true });
        u.waiters.add(done);
      });
    }
    if (u.error && stageNumber(u.stage) < stage) throw u.error;
  }

  private notifyUpdate(u: UpdateState): void {
    const ws = [...u.waiters];
    u.waiters.clear();
    for (const w of ws) w();
  }

  private safeProtocolMessage(m: ProtocolMessage, completedId: number): void {
    try {
      this.handleProtocolMessage(m, completedId);
    } catch (err) {
      this.log.error('protocol message failed', { workflowId: this.workflowId, error: err instanceof Error ? err.stack : String(err) });
    }
  }

  private handleProtocolMessage(m: ProtocolMessage, completedId: number): void {
    const typeName = anyTypeName(m.body);
    const bytes = m.body?.value ?? new Uint8Array(0);
    const U = api.update.v1;
    switch (typeName) {
      case 'temporal.api.update.v1.Acceptance': {
        const acc = U.Acceptance.decode(bytes);
        const u = this.updates.get(m.protocolInstanceId ?? '');
        if (!u || u.stage !== 'admitted') return;
        u.acceptedEventId = this.append(
          this.newEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED, 'workflowExecutionUpdateAcceptedEventAttributes', {
            protocolInstanceId: u.id,
            acceptedRequestMessageId: acc.acceptedRequestMessageId || `${u.id}/request`,
            acceptedRequestSequencingEventId: acc.acceptedRequestSequencingEventId,
            acceptedRequest: acc.acceptedRequest ?? u.request,
          }),
        );
        u.stage = 'accepted';
        this.notifyUpdate(u);
        return;
      }
      case 'temporal.api.update.v1.Rejection': {
        const rej = U.Rejection.decode(bytes);
        const u = this.updates.get(m.protocolInstanceId ?? '');
        if (!u || u.stage !== 'admitted') return;
        u.stage = 'completed';
        u.outcome = { failure: rej.failure };
        // A rejected update leaves no trace: it may be sent again with the same id.
        this.updates.delete(u.id);
        this.notifyUpdate(u);
        return;
      }
      case 'temporal.api.update.v1.Response': {
        const res = U.Response.decode(bytes);
        const u = this.updates.get(m.protocolInstanceId ?? res.meta?.updateId ?? '');
        if (!u || u.stage === 'completed') return;
        this.append(
          this.newEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED, 'workflowExecutionUpdateCompletedEventAttributes', {
            meta: res.meta ?? { updateId: u.id },
            acceptedEventId: u.acceptedEventId,
            outcome: res.outcome,
          }),
        );
        u.stage = 'completed';
        u.outcome = res.outcome ?? undefined;
        this.notifyUpdate(u);
        return;
      }
      default:
        this.log.warn('unknown protocol message ignored', { type: typeName, completedId });
    }
  }

  // --- queries

  query(query: WorkflowQuery, signal: AbortSignal): Promise<QueryWorkflowResponse> {
    return new Promise((resolve, reject) => {
      const id = `q${++querySeq}`;
      const finish = (): void => {
        this.queries.delete(id);
        this.release(`query:${id}`);
        signal.removeEventListener('abort', onAbort);
      };
      const q: PendingQuery = {
        id,
        query,
        state: 'waiting',
        resolve: (r) => {
          finish();
          resolve(r);
        },
        reject: (e) => {
          finish();
          reject(e);
        },
      };
      const onAbort = (): void => q.reject(new ServiceError(GrpcStatus.DEADLINE_EXCEEDED, 'query timed out'));
      signal.addEventListener('abort', onAbort, { once: true });
      this.queries.set(id, q);
      if (this.isOpen) this.hold(`query:${id}`, 'query');
      // With a task scheduled but not started, the query travels with it; otherwise it waits for
      // the task in flight to finish, or goes out on its own now.
      if (!this.wft && !this.wftCompleting) this.dispatchWaitingQueries();
    });
  }

  private dispatchWaitingQueries(): void {
    if (this.wft) return;
    for (const q of this.queries.values()) {
      if (q.state !== 'waiting') continue;
      q.state = 'dispatched';
      const queue = this.isOpen && this.sticky ? this.sticky.queue : this.taskQueue;
      let onSticky = queue !== this.taskQueue;
      const task: Task<PollWftResponse> = {
        label: `query ${this.workflowId}`,
        // On the sticky queue the worker has the run cached: no history needed (it fetches the
        // history itself if it has evicted the run meanwhile).
        dispatch: () => (this.queries.has(q.id) ? this.legacyQueryTask(q, onSticky) : null),
      };
      this.env.matching.add(this.namespace.name, 'workflow', queue, task);
      if (onSticky) {
        const timeoutMs = this.sticky?.timeoutMs ?? DEFAULT_STICKY_TIMEOUT_MS;
        setTimeout(() => {
          if (this.env.matching.remove(this.namespace.name, 'workflow', queue, task)) {
            onSticky = false;
            this.env.matching.add(this.namespace.name, 'workflow', this.taskQueue, task);
          }
        }, timeoutMs).unref();
      }
    }
  }

  private legacyQueryTask(q: PendingQuery, sticky: boolean): PollWftResponse {
    return {
      taskToken: encodeToken({ k: 'q', ns: this.namespace.name, wid: this.workflowId, rid: this.runId, q: q.id }),
      workflowExecution: { workflowId: this.workflowId, runId: this.runId },
      workflowType: { name: this.workflowType },
      previousStartedEventId: L(this.lastCompletedStartedEventId),
      startedEventId: L(0),
      attempt: 1,
      history: { events: sticky ? [] : this.history.slice() },
      nextPageToken: new Uint8Array(0),
      workflowExecutionTaskQueue: { name: this.taskQueue, kind: TQKind.TASK_QUEUE_KIND_NORMAL },
      query: q.query,
      queries: {},
      messages: [],
    };
  }

  answerQuery(id: string, result: temporal.api.query.v1.IWorkflowQueryResult): void {
    const q = this.queries.get(id);
    if (!q) return;
    if (result.resultType === enums.QueryResultType.QUERY_RESULT_TYPE_ANSWERED) {
      q.resolve({ queryResult: result.answer ?? undefined });
    } else {
      q.reject(invalidArgument(result.errorMessage || result.failure?.message || 'query failed'));
    }
  }

  answerLegacyQuery(id: string, req: temporal.api.workflowservice.v1.IRespondQueryTaskCompletedRequest): void {
    const q = this.queries.get(id);
    if (!q) throw notFound('query not found');
    if (req.completedType === enums.QueryResultType.QUERY_RESULT_TYPE_ANSWERED) {
      q.resolve({ queryResult: req.queryResult ?? undefined });
    } else {
      q.reject(invalidArgument(req.errorMessage || req.failure?.message || 'query failed'));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Describe

  pendingActivities(): temporal.api.workflow.v1.IPendingActivityInfo[] {
    const out: temporal.api.workflow.v1.IPendingActivityInfo[] = [];
    const S = enums.PendingActivityState;
    for (const a of this.activities.values()) {
      out.push({
        activityId: a.activityId,
        activityType: { name: a.activityType },
        state: a.cancelRequested ? S.PENDING_ACTIVITY_STATE_CANCEL_REQUESTED : a.state === 'started' ? S.PENDING_ACTIVITY_STATE_STARTED : S.PENDING_ACTIVITY_STATE_SCHEDULED,
        heartbeatDetails: a.heartbeatDetails ?? undefined,
        lastHeartbeatTime: a.lastHeartbeatTime ? tsFromMs(a.lastHeartbeatTime) : undefined,
        lastStartedTime: a.startedTime ? tsFromMs(a.startedTime) : undefined,
        attempt: a.attempt,
        maximumAttempts: a.retryPolicy.maximumAttempts,
        scheduledTime: tsFromMs(a.attemptScheduledTime),
        expirationTime: a.scheduleToCloseMs ? tsFromMs(a.firstScheduledTime + a.scheduleToCloseMs) : undefined,
        lastFailure: a.lastFailure ?? undefined,
        lastWorkerIdentity: a.lastWorkerIdentity,
      });
    }
    return out;
  }

  pendingChildren(): temporal.api.workflow.v1.IPendingChildExecutionInfo[] {
    return [...this.children.values()]
      .filter((c) => c.open)
      .map((c) => ({
        workflowId: c.workflowId,
        runId: c.runId,
        workflowTypeName: c.workflowType,
        initiatedId: L(c.initiatedEventId),
        parentClosePolicy: c.parentClosePolicy,
      }));
  }

  pendingWorkflowTask(): temporal.api.workflow.v1.IPendingWorkflowTaskInfo | undefined {
    const w = this.wft;
    if (!w) return undefined;
    return {
      state: w.state === 'started' ? enums.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_STARTED : enums.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_SCHEDULED,
      scheduledTime: tsFromMs(w.scheduledTime),
      originalScheduledTime: tsFromMs(w.scheduledTime),
      startedTime: w.startedTime ? tsFromMs(w.startedTime) : undefined,
      attempt: w.attempt,
    };
  }

  closeEvent(): HistoryEvent | undefined {
    const last = this.history[this.history.length - 1];
    return last && isCloseEvent(last) ? last : undefined;
  }
}

function stageNumber(s: UpdateState['stage']): number {
  return s === 'admitted' ? 1 : s === 'accepted' ? 2 : 3;
}

function isClosingCommand(t: number): boolean {
  return (
    t === CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION ||
    t === CommandType.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION ||
    t === CommandType.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION ||
    t === CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION
  );
}

function isNullPayload(p: Payload): boolean {
  const enc = p.metadata?.encoding;
  if (enc && new TextDecoder().decode(enc) === 'binary/null') return true;
  return false;
}

export type { UpdateState, ActivityState };
