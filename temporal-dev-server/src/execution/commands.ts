/** The commands a workflow task completes with, and user timers. */
import { CommandType, durFromMs, durMs, EventType, num, type Payload, type temporal } from '../proto.ts';
import { isNullPayload, type Command } from './types.ts';
import { WorkflowTaskPart } from './workflow-tasks.ts';

export abstract class CommandPart extends WorkflowTaskPart {
  // ---------------------------------------------------------------------------------------------
  // Commands

  protected handleCommand(cmd: Command, completedId: number): void {
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

  protected cmdStartTimer(a: temporal.api.command.v1.IStartTimerCommandAttributes, completedId: number): void {
    const timerId = a.timerId ?? '';
    const ms = durMs(a.startToFireTimeout) ?? 0;
    const startedEventId = this.append(
      this.newEvent(EventType.EVENT_TYPE_TIMER_STARTED, 'timerStartedEventAttributes', {
        timerId,
        startToFireTimeout: a.startToFireTimeout ?? durFromMs(0),
        workflowTaskCompletedEventId: completedId,
      }),
    );
    this.armTimer(timerId, startedEventId, this.env.clock.now() + Math.max(0, ms));
  }

  /** Fire TIMER_FIRED for `timerId` at virtual time `at` (also used when a run is reloaded). */
  protected armTimer(timerId: string, startedEventId: number, at: number): void {
    const handle = this.env.clock.schedule(at, () => {
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

  protected cmdCancelTimer(timerId: string, completedId: number): void {
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
}
