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
 *
 * The run is one class built in layers, one file per concern (execution/*.ts): base (history,
 * buffering) → workflow tasks → commands and timers → activities → children and external
 * workflows → closing → client requests → recovery (save/reload) → Execution (describe).
 */
import { api, enums, tsFromMs, L, type HistoryEvent, type temporal } from './proto.ts';
import { RecoveryPart } from './execution/recovery.ts';
import { isCloseEvent } from './execution/types.ts';

export {
  DEFAULT_WFT_TIMEOUT_MS,
  isCloseEvent,
  statusName,
  type ActivityState,
  type Env,
  type ParentInfo,
  type StartParams,
  type StatusName,
  type StoreApi,
  type UpdateState,
} from './execution/types.ts';

export type { RunState } from './execution/recovery.ts';

export class Execution extends RecoveryPart {
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

  /** The history's size as protobuf bytes (what DescribeWorkflowExecution reports). */
  get historySizeBytes(): number {
    return api.history.v1.History.encode({ events: this.history }).finish().length;
  }

  closeEvent(): HistoryEvent | undefined {
    const last = this.history[this.history.length - 1];
    return last && isCloseEvent(last) ? last : undefined;
  }
}
