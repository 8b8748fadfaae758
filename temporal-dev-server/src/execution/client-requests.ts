/** What clients ask of a run: signals, cancellation requests, updates and queries. */
import { api, anyTypeName, enums, EventType, L, type Header, type Payloads, type temporal } from '../proto.ts';
import { ServiceError, GrpcStatus, notFound, invalidArgument } from '../errors.ts';
import { encodeToken } from '../tokens.ts';
import type { Task } from '../matching.ts';
import { DEFAULT_STICKY_TIMEOUT_MS, stageNumber, type ProtocolMessage, type PollWftResponse, type UpdateRequest, type WorkflowQuery, type QueryWorkflowResponse, type UpdateState, type PendingQuery } from './types.ts';
import { ClosingPart } from './closing.ts';

const TQKind = enums.TaskQueueKind;

let querySeq = 0;

export abstract class ClientRequestPart extends ClosingPart {
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

  protected notifyUpdate(u: UpdateState): void {
    const ws = [...u.waiters];
    u.waiters.clear();
    for (const w of ws) w();
  }

  protected safeProtocolMessage(m: ProtocolMessage, completedId: number): void {
    try {
      this.handleProtocolMessage(m, completedId);
    } catch (err) {
      this.log.error('protocol message failed', { workflowId: this.workflowId, error: err instanceof Error ? err.stack : String(err) });
    }
  }

  protected handleProtocolMessage(m: ProtocolMessage, completedId: number): void {
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

  protected dispatchWaitingQueries(): void {
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

  protected legacyQueryTask(q: PendingQuery, sticky: boolean): PollWftResponse {
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
}
