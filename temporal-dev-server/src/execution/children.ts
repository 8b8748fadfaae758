/** Child workflows, and signals/cancellations sent to external workflows. */
import { enums, EventType, num, L, type HistoryEvent, type temporal } from '../proto.ts';
import type { Execution } from '../execution.ts';
import { type ChildState } from './types.ts';
import { ActivityPart } from './activities.ts';

const TQKind = enums.TaskQueueKind;
const ParentClosePolicy = enums.ParentClosePolicy;

export abstract class ChildPart extends ActivityPart {
  // --- children and external workflows

  protected cmdStartChild(a: temporal.api.command.v1.IStartChildWorkflowExecutionCommandAttributes, completedId: number): void {
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
        const res = this.env.store.startChild(this.self, initiatedEventId, attrs);
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
    const closed = childClosedEvent(closeEvent);
    const ev = this.newEvent(closed.type, closed.key, { ...common, ...closed.details });
    // The started event may itself still be buffered: fill its id in when this one is appended.
    const attrs = (ev as Record<string, { startedEventId?: number }>)[closed.key]!;
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
        attrs.startedEventId = c.startedEventId;
      }
      this.addExternal(ev);
    }
    this.children.delete(initiatedEventId);
  }

  protected cmdSignalExternal(a: temporal.api.command.v1.ISignalExternalWorkflowExecutionCommandAttributes, completedId: number): void {
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

  protected cmdCancelExternal(a: temporal.api.command.v1.IRequestCancelExternalWorkflowExecutionCommandAttributes, completedId: number): void {
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
}

/** The parent's event for a child's close event: its type, attribute key, and what it carries over. */
function childClosedEvent(closeEvent: HistoryEvent): { type: temporal.api.enums.v1.EventType; key: string; details: object } {
  switch (closeEvent.eventType) {
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
      return {
        type: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED,
        key: 'childWorkflowExecutionCompletedEventAttributes',
        details: { result: closeEvent.workflowExecutionCompletedEventAttributes?.result },
      };
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:
      return {
        type: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED,
        key: 'childWorkflowExecutionFailedEventAttributes',
        details: { failure: closeEvent.workflowExecutionFailedEventAttributes?.failure, retryState: closeEvent.workflowExecutionFailedEventAttributes?.retryState },
      };
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED:
      return {
        type: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED,
        key: 'childWorkflowExecutionCanceledEventAttributes',
        details: { details: closeEvent.workflowExecutionCanceledEventAttributes?.details },
      };
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT:
      return {
        type: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT,
        key: 'childWorkflowExecutionTimedOutEventAttributes',
        details: { retryState: closeEvent.workflowExecutionTimedOutEventAttributes?.retryState },
      };
    default:
      return { type: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED, key: 'childWorkflowExecutionTerminatedEventAttributes', details: {} };
  }
}
