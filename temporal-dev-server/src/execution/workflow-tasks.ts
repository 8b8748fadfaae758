/** Starting a run and its workflow tasks: scheduling, sticky queues, completion, failure, timeouts, transient attempts. */
import { enums, api, CommandType, durFromMs, durMs, EventType, newAny, TimeoutType, tsFromMs, L, type Failure, type HistoryEvent, type temporal } from '../proto.ts';
import { retryPolicyToProto } from '../retry.ts';
import { notFound } from '../errors.ts';
import { encodeToken } from '../tokens.ts';
import type { Task } from '../matching.ts';
import { DEFAULT_STICKY_TIMEOUT_MS, isClosingCommand, type ProtocolMessage, type PollWftResponse, type WorkflowQuery, type RespondWftCompleted, type RespondWftFailed, type WorkflowTaskState } from './types.ts';
import { ExecutionBase } from './base.ts';

const TQKind = enums.TaskQueueKind;
const WFTCause = enums.WorkflowTaskFailedCause;

export abstract class WorkflowTaskPart extends ExecutionBase {
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

  protected scheduleWorkflowTask(): void {
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
    this.queueWorkflowTask(scheduledEventId, attempt, transient, scheduledTime);
  }

  /** Put a scheduled workflow task on its queue (also used when a run is reloaded). */
  protected queueWorkflowTask(scheduledEventId: number, attempt: number, transient: boolean, scheduledTime: number): void {
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

  protected enqueueWorkflowTask(wft: WorkflowTaskState): void {
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

  protected startWorkflowTask(task: Task<PollWftResponse>, identity: string): PollWftResponse | null {
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

  protected startedEventFor(wft: WorkflowTaskState): HistoryEvent {
    return this.newEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, 'workflowTaskStartedEventAttributes', {
      scheduledEventId: wft.scheduledEventId,
      identity: wft.identity,
      requestId: wft.requestId,
      historySizeBytes: 0,
    });
  }

  protected historySlice(sticky: boolean): HistoryEvent[] {
    if (sticky && this.lastCompletedStartedEventId > 0) return this.history.slice(this.lastCompletedStartedEventId);
    return this.history.slice();
  }

  protected checkWftToken(scheduledEventId: number, attempt: number): WorkflowTaskState {
    const wft = this.wft;
    if (!this.isOpen) throw notFound('Workflow execution already completed.');
    if (!wft || wft.state !== 'started' || wft.scheduledEventId !== scheduledEventId || wft.attempt !== attempt) {
      throw notFound('Workflow task not found.');
    }
    return wft;
  }

  /** Write the transient task's scheduled/started events, now that it is being completed. */
  protected materializeTransient(wft: WorkflowTaskState): void {
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

  protected endWorkflowTask(wft: WorkflowTaskState): void {
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
    // A continue-as-new command must say how to continue (as on a real server).
    if (commands.some((c) => c.commandType === CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION && !c.continueAsNewWorkflowExecutionCommandAttributes)) {
      this.failWorkflowTaskInternal(wft, WFTCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_CONTINUE_AS_NEW_ATTRIBUTES, { message: 'ContinueAsNewWorkflowExecutionCommandAttributes is not set on the command.', source: 'Server' }, req.identity ?? '');
      return undefined;
    }
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

    this.redeliverUnanswered(wft);

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

  protected runAfterCompletion(): void {
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

  protected failWorkflowTaskInternal(wft: WorkflowTaskState, cause: number, failure: Failure | undefined, identity: string): void {
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

  protected workflowTaskTimedOut(wft: WorkflowTaskState): void {
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

  /** Updates delivered with this task but neither accepted nor rejected, and the queries attached to it, go out again with the next one. */
  private redeliverUnanswered(wft: WorkflowTaskState): void {
    for (const id of wft.deliveredUpdates) {
      const u = this.updates.get(id);
      if (u && u.stage === 'admitted') u.delivered = false;
    }
    for (const id of wft.attachedQueries) {
      const q = this.queries.get(id);
      if (q && q.state === 'attached') q.state = 'waiting';
    }
  }

  protected afterWorkflowTaskLost(wft: WorkflowTaskState, countsAsAttempt: boolean): void {
    this.endWorkflowTask(wft);
    this.sticky = undefined;
    this.redeliverUnanswered(wft);
    // Events buffered during the lost task become history now.
    const flushed = this.flushBuffered();
    if (countsAsAttempt && !flushed) this.wftAttempt = wft.attempt + 1;
    else this.wftAttempt = 1;
    this.scheduleWorkflowTask();
  }
}
