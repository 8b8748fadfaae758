/** Activities: scheduling, attempts, heartbeats, retries, timeouts, cancellation. */
import { enums, durFromMs, durMs, EventType, RetryState, TimeoutType, tsFromMs, L, type Failure, type HistoryEvent, type Payloads, type temporal } from '../proto.ts';
import { decideRetry, normalizeRetryPolicy, retryPolicyToProto } from '../retry.ts';
import { notFound } from '../errors.ts';
import { encodeToken } from '../tokens.ts';
import type { Task } from '../matching.ts';
import { type PollActivityResponse, type ActivityState } from './types.ts';
import { CommandPart } from './commands.ts';

const TQKind = enums.TaskQueueKind;

export abstract class ActivityPart extends CommandPart {
  // --- activities

  protected cmdScheduleActivity(a: temporal.api.command.v1.IScheduleActivityTaskCommandAttributes, completedId: number): void {
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
    this.trackActivity(scheduledEventId, attrs, this.env.clock.now());
  }

  /**
   * Keep track of a scheduled activity and dispatch its first attempt, from its scheduled event's
   * attributes (the timeouts in there are already normalised). Also used when a run is reloaded.
   */
  protected trackActivity(scheduledEventId: number, a: temporal.api.history.v1.IActivityTaskScheduledEventAttributes, firstScheduledTime: number): ActivityState {
    const scheduleToCloseMs = durMs(a.scheduleToCloseTimeout) ?? 0;
    const act: ActivityState = {
      scheduledEventId,
      activityId: a.activityId ?? '',
      activityType: a.activityType?.name ?? '',
      taskQueue: a.taskQueue?.name || this.taskQueue,
      input: a.input,
      header: a.header,
      scheduleToCloseMs,
      scheduleToStartMs: durMs(a.scheduleToStartTimeout) ?? 0,
      startToCloseMs: durMs(a.startToCloseTimeout) ?? 0,
      heartbeatMs: durMs(a.heartbeatTimeout) ?? 0,
      retryPolicy: normalizeRetryPolicy(a.retryPolicy, true)!,
      attempt: 1,
      state: 'scheduled',
      firstScheduledTime,
      attemptScheduledTime: firstScheduledTime,
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
      const closeAt = firstScheduledTime + scheduleToCloseMs;
      act.timers.scheduleToClose = this.env.clock.schedule(closeAt, () => {
        // On a tie the schedule-to-start timeout wins, as on a real server (timeout-type order).
        const startBy = act.state === 'scheduled' && act.scheduleToStartMs ? act.attemptScheduledTime + act.scheduleToStartMs : Infinity;
        this.activityTimedOut(act, startBy <= closeAt ? TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START : TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE);
      }, 'activity schedule-to-close');
    }
    this.dispatchActivityAttempt(act, firstScheduledTime);
    return act;
  }

  /**
   * Dispatches an attempt scheduled at `scheduledTime`: the first attempt's is its scheduled
   * event's time (so its schedule-to-start and schedule-to-close deadlines share one origin and a
   * tie stays a tie however late this runs), a retry's is now.
   */
  protected dispatchActivityAttempt(act: ActivityState, scheduledTime = this.env.clock.now()): void {
    act.state = 'scheduled';
    act.attemptScheduledTime = scheduledTime;
    this.hold(`act:${act.scheduledEventId}`, `activity ${act.activityType}`);
    const task: Task<PollActivityResponse> = {
      label: `activity ${act.activityType} ${this.workflowId}#${act.attempt}`,
      dispatch: (identity) => this.startActivity(act, task, identity),
    };
    act.task = task;
    if (act.scheduleToStartMs) {
      act.timers.scheduleToStart = this.env.clock.schedule(scheduledTime + act.scheduleToStartMs, () => {
        if (act.state === 'scheduled' && act.task === task) this.activityTimedOut(act, TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START);
      }, 'activity schedule-to-start');
    }
    this.env.matching.add(this.namespace.name, 'activity', act.taskQueue, task);
  }

  protected startActivity(act: ActivityState, task: Task<PollActivityResponse>, identity: string): PollActivityResponse | null {
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

  protected armHeartbeatTimer(act: ActivityState): void {
    act.timers.heartbeat?.cancel();
    act.timers.heartbeat = undefined;
    if (!act.heartbeatMs || act.state !== 'started') return;
    const attempt = act.attempt;
    act.timers.heartbeat = this.env.clock.after(act.heartbeatMs, () => {
      if (act.state === 'started' && act.attempt === attempt) this.activityTimedOut(act, TimeoutType.TIMEOUT_TYPE_HEARTBEAT);
    }, 'activity heartbeat');
  }

  protected clearActivityTimers(act: ActivityState, keepScheduleToClose: boolean): void {
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

  protected finishActivity(act: ActivityState): void {
    this.clearActivityTimers(act, false);
    this.activities.delete(act.scheduledEventId);
    if (this.activityByActivityId.get(act.activityId) === act.scheduledEventId) this.activityByActivityId.delete(act.activityId);
    act.task = undefined;
    this.release(`act:${act.scheduledEventId}`);
  }

  /** ACTIVITY_TASK_STARTED then the result event, with the started id filled in on flush. */
  protected addActivityResult(act: ActivityState, type: number, key: string, attrs: Record<string, unknown>, includeStarted: boolean): void {
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

  protected addExternalPair(first: HistoryEvent, second: HistoryEvent, secondKey: string): void {
    const setStarted = (id: number): void => {
      (second as Record<string, { startedEventId?: number }>)[secondKey]!.startedEventId = id;
    };
    if (!this.isOpen) return;
    if (this.wft?.state === 'started' || this.wftCompleting) {
      this.buffered.push({ event: first, onAppend: setStarted }, { event: second });
      this.env.touch?.(this.self);
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

  protected retryActivity(act: ActivityState, failure: Failure | null | undefined, backoffMs: number): void {
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

  protected activityTimedOut(act: ActivityState, timeoutType: number): void {
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

  protected cmdRequestCancelActivity(scheduledEventId: number, completedId: number): void {
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
}
