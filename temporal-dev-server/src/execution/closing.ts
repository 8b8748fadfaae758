/** Closing a run: complete, fail (with retries), cancel, continue-as-new, time out, terminate; parent-close policies. */
import { durFromMs, durMs, enums, EventType, RetryState, Status, TimeoutType, type Failure, type HistoryEvent, type Payloads, type temporal } from '../proto.ts';
import { decideRetry, normalizeRetryPolicy } from '../retry.ts';
import { notFound } from '../errors.ts';
import { backoffToNextRun, parseCron } from '../cron.ts';
import { statusName } from './types.ts';
import { ChildPart } from './children.ts';

const TQKind = enums.TaskQueueKind;
const WFTCause = enums.WorkflowTaskFailedCause;
const ParentClosePolicy = enums.ParentClosePolicy;

export abstract class ClosingPart extends ChildPart {
  // --- closing

  protected completeWorkflow(result: Payloads | undefined, completedId: number): void {
    const cron = this.nextCronRun(result, undefined);
    this.close(
      Status.WORKFLOW_EXECUTION_STATUS_COMPLETED,
      this.newEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, 'workflowExecutionCompletedEventAttributes', {
        result,
        workflowTaskCompletedEventId: completedId,
        newExecutionRunId: cron?.runId ?? '',
      }),
      cron?.start,
    );
  }

  /**
   * A run of a cron workflow that closes (completed, or failed or timed out with no retry left)
   * is followed by the next run, whose first workflow task waits for the next schedule time;
   * the last successful result goes along. Cancel and terminate end the chain.
   */
  private nextCronRun(result: Payloads | undefined, failure: Failure | undefined): { runId: string; start: () => void } | undefined {
    const p = this.params;
    const schedule = p.cronSchedule ? parseCron(p.cronSchedule) : undefined;
    if (!schedule) return undefined;
    const runId = globalThis.crypto.randomUUID();
    const start = (): void => {
      this.env.store.continueRun(this.self, {
        ...p,
        runId,
        requestId: globalThis.crypto.randomUUID(),
        attempt: 1,
        continuedExecutionRunId: this.runId,
        initiator: enums.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_CRON_SCHEDULE,
        continuedFailure: failure,
        lastCompletionResult: result ?? p.lastCompletionResult,
        firstWorkflowTaskBackoffMs: backoffToNextRun(schedule, this.startTime, this.env.clock.now()),
        memo: this.memo,
        searchAttributes: this.searchAttributes,
        initialSignal: undefined,
      });
    };
    return { runId, start };
  }

  protected failWorkflow(failure: Failure | undefined, completedId: number): void {
    const p = this.params;
    const decision = decideRetry(p.retryPolicy, p.attempt, failure, this.env.clock.now(), p.executionExpirationTime);
    let newRunId = '';
    if (decision.retry) newRunId = globalThis.crypto.randomUUID();
    const cron = newRunId ? undefined : this.nextCronRun(undefined, failure);
    this.close(
      Status.WORKFLOW_EXECUTION_STATUS_FAILED,
      this.newEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED, 'workflowExecutionFailedEventAttributes', {
        failure,
        retryState: decision.retryState,
        workflowTaskCompletedEventId: completedId,
        newExecutionRunId: newRunId || cron?.runId || '',
      }),
      newRunId ? () => this.startRetry(newRunId, decision.backoffMs, failure) : cron?.start,
    );
  }

  protected startRetry(newRunId: string, backoffMs: number, failure: Failure | undefined): void {
    const p = this.params;
    this.env.store.continueRun(this.self, {
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

  protected cancelWorkflow(details: Payloads | undefined, completedId: number): void {
    this.close(
      Status.WORKFLOW_EXECUTION_STATUS_CANCELED,
      this.newEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED, 'workflowExecutionCanceledEventAttributes', {
        workflowTaskCompletedEventId: completedId,
        details,
      }),
    );
  }

  protected continueAsNew(a: temporal.api.command.v1.IContinueAsNewWorkflowExecutionCommandAttributes, completedId: number): void {
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
        this.env.store.continueRun(this.self, {
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

  protected timeOut(): void {
    if (!this.isOpen) return;
    const p = this.params;
    // A run timeout may be retried (if the execution deadline allows).
    const decision = decideRetry(p.retryPolicy, p.attempt, undefined, this.env.clock.now(), p.executionExpirationTime, true);
    let newRunId = '';
    if (decision.retry && this.env.clock.now() < (p.executionExpirationTime ?? Infinity)) newRunId = globalThis.crypto.randomUUID();
    const timedOut: Failure = { message: 'workflow timed out', timeoutFailureInfo: { timeoutType: TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE } };
    const cron = newRunId ? undefined : this.nextCronRun(undefined, timedOut);
    this.forceClose(
      Status.WORKFLOW_EXECUTION_STATUS_TIMED_OUT,
      this.newEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT, 'workflowExecutionTimedOutEventAttributes', {
        retryState: newRunId ? RetryState.RETRY_STATE_IN_PROGRESS : decision.retry ? RetryState.RETRY_STATE_TIMEOUT : decision.retryState,
        newExecutionRunId: newRunId || cron?.runId || '',
      }),
      newRunId ? () => this.startRetry(newRunId, decision.backoffMs, timedOut) : cron?.start,
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
  protected forceClose(status: number, ev: HistoryEvent, after?: () => void): void {
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

  protected close(status: number, ev: HistoryEvent, after?: () => void): void {
    if (!this.isOpen) return;
    this.append(ev);
    this.status = status;
    this.closeTime = this.env.clock.now();
    this.buffered = [];
    this.cleanup();
    this.log.debug('workflow closed', { workflowId: this.workflowId, runId: this.runId, status: statusName(status) });
    const n = (ev.workflowExecutionCompletedEventAttributes?.newExecutionRunId ||
      ev.workflowExecutionFailedEventAttributes?.newExecutionRunId ||
      ev.workflowExecutionTimedOutEventAttributes?.newExecutionRunId ||
      ev.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId) as string | undefined;
    if (n) this.nextRunId = n;
    // Start the next run first, so a parent/client following the chain finds it.
    after?.();
    this.env.store.onClosed(this.self);
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

  protected cleanup(): void {
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
}
