/** The core of a workflow run: identity, history, buffered events, clock holds. */
import { Status, tsFromMs, L, type Failure, type HistoryEvent, type Payload, type Payloads, type temporal } from '../proto.ts';
import type { Execution } from '../execution.ts';
import type { TimerHandle } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Namespace } from '../namespaces.ts';
import { DEFAULT_WFT_TIMEOUT_MS, type Command, type ProtocolMessage, type Env, type ParentInfo, type StartParams, type BufferedEvent, type WorkflowTaskState, type ActivityState, type ChildState, type UpdateState, type PendingQuery } from './types.ts';

export abstract class ExecutionBase {
  // Implemented by the later layers (see ../execution.ts for the order).
  protected abstract scheduleWorkflowTask(): void;
  protected abstract timeOut(): void;
  protected abstract handleCommand(cmd: Command, completedId: number): void;
  protected abstract safeProtocolMessage(m: ProtocolMessage, completedId: number): void;
  protected abstract dispatchWaitingQueries(): void;
  abstract answerQuery(id: string, result: temporal.api.query.v1.IWorkflowQueryResult): void;
  protected abstract cmdScheduleActivity(a: temporal.api.command.v1.IScheduleActivityTaskCommandAttributes, completedId: number): void;
  protected abstract cmdRequestCancelActivity(scheduledEventId: number, completedId: number): void;
  protected abstract cmdStartChild(a: temporal.api.command.v1.IStartChildWorkflowExecutionCommandAttributes, completedId: number): void;
  protected abstract cmdSignalExternal(a: temporal.api.command.v1.ISignalExternalWorkflowExecutionCommandAttributes, completedId: number): void;
  protected abstract cmdCancelExternal(a: temporal.api.command.v1.IRequestCancelExternalWorkflowExecutionCommandAttributes, completedId: number): void;
  protected abstract completeWorkflow(result: Payloads | undefined, completedId: number): void;
  protected abstract failWorkflow(failure: Failure | undefined, completedId: number): void;
  protected abstract cancelWorkflow(details: Payloads | undefined, completedId: number): void;
  protected abstract continueAsNew(a: temporal.api.command.v1.IContinueAsNewWorkflowExecutionCommandAttributes, completedId: number): void;

  /** This run as the store knows it (every layer is part of one Execution). */
  protected get self(): Execution {
    return this as unknown as Execution;
  }

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

  protected buffered: BufferedEvent[] = [];
  protected wft: WorkflowTaskState | undefined;
  protected wftAttempt = 1;
  protected lastCompletedStartedEventId = 0;
  protected wftCompleting = false;
  protected sticky: { queue: string; timeoutMs: number } | undefined;
  protected readonly timers = new Map<string, { startedEventId: number; handle: TimerHandle }>();
  readonly activities = new Map<number, ActivityState>();
  protected readonly activityByActivityId = new Map<string, number>();
  readonly children = new Map<number, ChildState>();
  protected readonly updates = new Map<string, UpdateState>();
  protected readonly queries = new Map<string, PendingQuery>();
  protected cancelRequested = false;
  protected runTimer: TimerHandle | undefined;
  protected executionTimer: TimerHandle | undefined;
  protected backoffTimer: TimerHandle | undefined;
  protected readonly historyWaiters = new Set<() => void>();
  protected readonly afterCompletion: Array<() => void> = [];
  protected readonly holds = new Set<string>();

  constructor(
    protected readonly env: Env,
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

  protected get log(): Logger {
    return this.env.log;
  }

  protected hold(key: string, what: string, running = false): void {
    const k = `${this.runId}:${key}`;
    this.holds.add(k);
    this.env.clock.hold(k, `${what} (${this.workflowId})`, running);
  }

  protected release(key: string): void {
    const k = `${this.runId}:${key}`;
    this.holds.delete(k);
    this.env.clock.release(k);
  }

  protected newEvent(type: number, attrKey: string, attrs: object): HistoryEvent {
    return {
      eventId: 0,
      eventTime: tsFromMs(this.env.clock.now()),
      eventType: type,
      taskId: this.env.nextTaskId(),
      [attrKey]: attrs,
    } as unknown as HistoryEvent;
  }

  /** Append to history right away. Returns the event id. */
  protected append(ev: HistoryEvent, onAppend?: (id: number) => void): number {
    const id = this.history.length + 1;
    ev.eventId = L(id);
    this.history.push(ev);
    this.stateTransitionCount++;
    this.env.touch?.(this.self);
    onAppend?.(id);
    this.notifyHistory();
    return id;
  }

  protected notifyHistory(): void {
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
  protected addExternal(ev: HistoryEvent, onAppend?: (id: number) => void): void {
    if (!this.isOpen) return;
    if (this.wft?.state === 'started' || this.wftCompleting) {
      this.buffered.push({ event: ev, onAppend });
      this.env.touch?.(this.self);
      return;
    }
    this.append(ev, onAppend);
    this.scheduleWorkflowTask();
  }

  protected flushBuffered(): boolean {
    if (this.buffered.length === 0) return false;
    const b = this.buffered;
    this.buffered = [];
    for (const { event, onAppend } of b) this.append(event, onAppend);
    return true;
  }
}
