/**
 * Saving and reloading a run (see ../persistence/). Only what history cannot tell is saved beside
 * it (status, times, memo, search attributes, request ids, events buffered behind a running
 * workflow task); everything else — pending timers, activities, children, the workflow task —
 * is rebuilt from the history when the server starts again, the way a history replays:
 *  - a timer fires at its started time plus its duration (at once if that fell due while down);
 *  - an activity without a result gets a new attempt (an attempt a worker was running while the
 *    server was down may run twice: activities are at-least-once, as with a real cluster);
 *  - a workflow task the server had handed out is timed out and scheduled again, so the workers
 *    replay the run from its history.
 */
import { durMs, EventType, msFromTs, num, TimeoutType, type HistoryEvent, type Payload } from '../proto.ts';
import type { ChildState } from './types.ts';
import { ClientRequestPart } from './client-requests.ts';

/** The part of a run's state that its history does not hold. */
export interface RunState {
  startTime: number;
  executionTime: number;
  closeTime: number | undefined;
  status: number;
  nextRunId: string | undefined;
  memo: Record<string, Payload>;
  searchAttributes: Record<string, Payload>;
  requestIds: string[];
  /** Events waiting for the running workflow task to finish. */
  buffered: HistoryEvent[];
}

const E = EventType;

export abstract class RecoveryPart extends ClientRequestPart {
  savedState(): RunState {
    return {
      startTime: this.startTime,
      executionTime: this.executionTime,
      closeTime: this.closeTime,
      status: this.status,
      nextRunId: this.nextRunId,
      memo: this.memo,
      searchAttributes: this.searchAttributes,
      requestIds: [...this.requestIds],
      buffered: this.buffered.map((b) => b.event),
    };
  }

  /** Load saved state and history into a run just constructed from its saved start parameters. */
  restoreState(s: RunState, history: HistoryEvent[]): void {
    (this as unknown as { startTime: number }).startTime = s.startTime;
    this.executionTime = s.executionTime;
    this.closeTime = s.closeTime;
    this.status = s.status;
    this.nextRunId = s.nextRunId;
    this.memo = s.memo;
    this.searchAttributes = s.searchAttributes;
    for (const id of s.requestIds) this.requestIds.add(id);
    this.history.push(...history);
    this.restoredBuffered = s.buffered;
    for (const e of history) this.env.seenTaskId(num(e.taskId));
    for (const e of s.buffered) this.env.seenTaskId(num(e.taskId));
  }

  private restoredBuffered: HistoryEvent[] = [];

  /**
   * Rebuild the pending work of a reloaded run and put it back in motion. Called once every run
   * is loaded (a parent looks its children up).
   */
  resume(): void {
    const buffered = this.restoredBuffered;
    this.restoredBuffered = [];
    let lastWft: HistoryEvent | undefined;
    const timers = new Map<string, { startedEventId: number; at: number }>();
    const activities = new Map<number, { event: HistoryEvent; cancelRequestedEventId: number }>();
    const children = new Map<number, ChildState>();
    for (const e of [...this.history, ...buffered]) {
      const id = num(e.eventId);
      switch (e.eventType) {
        case E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
        case E.EVENT_TYPE_WORKFLOW_TASK_STARTED:
        case E.EVENT_TYPE_WORKFLOW_TASK_FAILED:
        case E.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
          lastWft = e;
          break;
        case E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
          lastWft = e;
          this.lastCompletedStartedEventId = num(e.workflowTaskCompletedEventAttributes?.startedEventId);
          break;
        case E.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED:
          this.cancelRequested = true;
          break;
        case E.EVENT_TYPE_TIMER_STARTED: {
          const a = e.timerStartedEventAttributes!;
          timers.set(a.timerId ?? '', { startedEventId: id, at: (msFromTs(e.eventTime) ?? 0) + (durMs(a.startToFireTimeout) ?? 0) });
          break;
        }
        case E.EVENT_TYPE_TIMER_FIRED:
          timers.delete(e.timerFiredEventAttributes?.timerId ?? '');
          break;
        case E.EVENT_TYPE_TIMER_CANCELED:
          timers.delete(e.timerCanceledEventAttributes?.timerId ?? '');
          break;
        case E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
          activities.set(id, { event: e, cancelRequestedEventId: 0 });
          break;
        case E.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED: {
          const a = activities.get(num(e.activityTaskCancelRequestedEventAttributes?.scheduledEventId));
          if (a) a.cancelRequestedEventId = id;
          break;
        }
        case E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
        case E.EVENT_TYPE_ACTIVITY_TASK_FAILED:
        case E.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT:
        case E.EVENT_TYPE_ACTIVITY_TASK_CANCELED:
          activities.delete(num(activityResultScheduledId(e)));
          break;
        case E.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED: {
          const a = e.startChildWorkflowExecutionInitiatedEventAttributes!;
          children.set(id, {
            initiatedEventId: id,
            namespace: a.namespace || this.namespace.name,
            workflowId: a.workflowId ?? '',
            workflowType: a.workflowType?.name ?? '',
            runId: '',
            startedEventId: 0,
            parentClosePolicy: a.parentClosePolicy || 1,
            open: true,
          });
          break;
        }
        case E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED: {
          const a = e.childWorkflowExecutionStartedEventAttributes!;
          const c = children.get(num(a.initiatedEventId));
          if (c) {
            c.runId = a.workflowExecution?.runId ?? '';
            c.startedEventId = id;
          }
          break;
        }
        case E.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED:
          children.delete(num(e.startChildWorkflowExecutionFailedEventAttributes?.initiatedEventId));
          break;
        case E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED:
        case E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED:
        case E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED:
        case E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT:
        case E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED:
          children.delete(num(childCloseInitiatedId(e)));
          break;
        default:
          break;
      }
    }
    for (const c of children.values()) this.children.set(c.initiatedEventId, c);
    if (!this.isOpen) return;

    const p = this.params;
    if (p.runTimeoutMs) this.runTimer = this.env.clock.schedule(this.startTime + p.runTimeoutMs, () => this.timeOut(), 'run timeout');
    if (p.executionExpirationTime) this.executionTimer = this.env.clock.schedule(p.executionExpirationTime, () => this.timeOut(), 'execution timeout');

    // The workflow task first, so that events added below join it instead of scheduling another.
    this.resumeWorkflowTask(lastWft, buffered);

    for (const [timerId, t] of timers) this.armTimer(timerId, t.startedEventId, t.at);
    for (const [scheduledEventId, a] of activities) {
      const act = this.trackActivity(scheduledEventId, a.event.activityTaskScheduledEventAttributes ?? {}, msFromTs(a.event.eventTime) ?? this.startTime);
      if (a.cancelRequestedEventId) {
        act.cancelRequested = true;
        act.cancelRequestedEventId = a.cancelRequestedEventId;
        this.finishActivity(act);
        this.addActivityResult(act, E.EVENT_TYPE_ACTIVITY_TASK_CANCELED, 'activityTaskCanceledEventAttributes', {
          latestCancelRequestedEventId: a.cancelRequestedEventId,
          identity: '',
        }, false);
      }
    }
    for (const c of this.children.values()) {
      if (c.startedEventId || c.runId) continue;
      // The child was started in the same request that wrote its initiated event.
      const child = this.env.store.getRun(c.namespace, c.workflowId);
      if (child && child.parent?.runId === this.runId && child.parent.initiatedEventId === c.initiatedEventId) {
        c.runId = child.runId;
        this.addExternal(
          this.newEvent(E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED, 'childWorkflowExecutionStartedEventAttributes', {
            namespace: c.namespace,
            namespaceId: child.namespace.id,
            initiatedEventId: c.initiatedEventId,
            workflowExecution: { workflowId: child.workflowId, runId: child.runId },
            workflowType: { name: c.workflowType },
          }),
          (id) => {
            c.startedEventId = id;
          },
        );
      } else {
        this.log.warn('reloaded run has a child start that never happened', { workflowId: this.workflowId, child: c.workflowId });
      }
    }
  }

  private resumeWorkflowTask(lastWft: HistoryEvent | undefined, buffered: HistoryEvent[]): void {
    const now = this.env.clock.now();
    if (!lastWft) {
      if (this.executionTime > now) {
        this.backoffTimer = this.env.clock.schedule(this.executionTime, () => {
          this.backoffTimer = undefined;
          this.scheduleWorkflowTask();
        }, 'first workflow task backoff');
      } else {
        this.scheduleWorkflowTask();
      }
      return;
    }
    if (lastWft.eventType === E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) {
      // Not handed out yet: it goes back on its queue as it is.
      const attempt = lastWft.workflowTaskScheduledEventAttributes?.attempt ?? 1;
      this.queueWorkflowTask(num(lastWft.eventId), attempt, false, msFromTs(lastWft.eventTime) ?? now);
      this.appendRestored(buffered);
      return;
    }
    if (lastWft.eventType === E.EVENT_TYPE_WORKFLOW_TASK_STARTED) {
      // Handed out before the stop: nobody can complete it now (its worker may be gone).
      this.append(
        this.newEvent(E.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT, 'workflowTaskTimedOutEventAttributes', {
          scheduledEventId: num(lastWft.workflowTaskStartedEventAttributes?.scheduledEventId),
          startedEventId: num(lastWft.eventId),
          timeoutType: TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
        }),
      );
      this.appendRestored(buffered);
      this.scheduleWorkflowTask();
      return;
    }
    // Completed (idle), or failed/timed out with a retry that was pending or in flight.
    const needsTask = lastWft.eventType !== E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED || buffered.length > 0;
    this.appendRestored(buffered);
    if (needsTask) this.scheduleWorkflowTask();
  }

  /** Append events that were buffered at the stop, filling in the started ids they point to. */
  private appendRestored(events: HistoryEvent[]): void {
    const activityStarted = new Map<number, number>();
    for (const e of events) {
      const started = e.activityTaskStartedEventAttributes;
      const id = this.append(e);
      if (e.eventType === E.EVENT_TYPE_ACTIVITY_TASK_STARTED && started) activityStarted.set(num(started.scheduledEventId), id);
      const result = activityResultAttrs(e);
      if (result && !num(result.startedEventId as never)) {
        const s = activityStarted.get(num(result.scheduledEventId as never));
        if (s) result.startedEventId = s;
      }
    }
  }
}

function activityResultAttrs(e: HistoryEvent): { scheduledEventId?: unknown; startedEventId?: unknown } | undefined {
  return (e.activityTaskCompletedEventAttributes ??
    e.activityTaskFailedEventAttributes ??
    e.activityTaskTimedOutEventAttributes ??
    e.activityTaskCanceledEventAttributes ??
    undefined) as { scheduledEventId?: unknown; startedEventId?: unknown } | undefined;
}

function activityResultScheduledId(e: HistoryEvent): number {
  return num(activityResultAttrs(e)?.scheduledEventId as never);
}

function childCloseInitiatedId(e: HistoryEvent): number {
  const a =
    e.childWorkflowExecutionCompletedEventAttributes ??
    e.childWorkflowExecutionFailedEventAttributes ??
    e.childWorkflowExecutionCanceledEventAttributes ??
    e.childWorkflowExecutionTimedOutEventAttributes ??
    e.childWorkflowExecutionTerminatedEventAttributes;
  return num(a?.initiatedEventId);
}
