/** temporal.api.workflowservice.v1.WorkflowService handlers. */
import type { CallContext, Handlers } from './grpc.ts';
import type { Execution } from './execution.ts';
import { invalidArgument, notFound } from './errors.ts';
import { DEFAULT_RETENTION_MS, saTypeToEnum, SYSTEM_SEARCH_ATTRIBUTES, type Namespace } from './namespaces.ts';
import {
  durFromMs,
  durMs,
  enums,
  msFromTs,
  Status,
  tsFromMs,
  L,
  type HistoryEvent,
  type Payload,
  type temporal,
} from './proto.ts';
import { startParams, type StartRequest } from './start-params.ts';
import { decodeToken } from './tokens.ts';
import { compileVisibilityQuery, VisibilityQueryError } from './visibility-query.ts';
import type { ServerState } from './state.ts';

type WS = typeof temporal.api.workflowservice.v1;
type Req<K extends keyof WS> = WS[K] extends { decode(...a: never[]): infer R } ? R : never;

export const SERVER_VERSION = '1.27.0';

/** How long a history long poll (waitNewEvent) blocks before answering empty. */
const HISTORY_LONG_POLL_MS = 20_000;
const UPDATE_LONG_POLL_MS = 20_000;

const Stage = enums.UpdateWorkflowExecutionLifecycleStage;

export function workflowServiceHandlers(s: ServerState): Handlers {
  const { store, namespaces, matching, clock, schedules } = s;

  const ns = (name: string | null | undefined): Namespace => namespaces.get(name || s.defaultNamespace);

  function encodeSearchAttributes(n: Namespace, fields: Record<string, Payload>): temporal.api.common.v1.ISearchAttributes | undefined {
    const out: Record<string, Payload> = {};
    const enc = new TextEncoder();
    for (const [k, p] of Object.entries(fields)) {
      const type = n.searchAttributes.get(k) ?? SYSTEM_SEARCH_ATTRIBUTES[k];
      out[k] = p.metadata?.type || !type ? p : { ...p, metadata: { ...(p.metadata ?? {}), type: enc.encode(type) } };
    }
    return Object.keys(out).length ? { indexedFields: out } : undefined;
  }

  function executionInfo(e: Execution): temporal.api.workflow.v1.IWorkflowExecutionInfo {
    return {
      execution: { workflowId: e.workflowId, runId: e.runId },
      type: { name: e.workflowType },
      startTime: tsFromMs(e.startTime),
      closeTime: e.closeTime !== undefined ? tsFromMs(e.closeTime) : undefined,
      status: e.status,
      historyLength: L(e.historyLength),
      parentNamespaceId: e.parent?.namespaceId ?? '',
      parentExecution: e.parent ? { workflowId: e.parent.workflowId, runId: e.parent.runId } : undefined,
      executionTime: tsFromMs(e.executionTime),
      memo: { fields: e.memo },
      searchAttributes: encodeSearchAttributes(e.namespace, e.searchAttributes),
      taskQueue: e.taskQueue,
      stateTransitionCount: L(e.stateTransitionCount),
      historySizeBytes: L(e.historySizeBytes),
      executionDuration: e.closeTime !== undefined ? durFromMs(e.closeTime - e.executionTime) : undefined,
      rootExecution: e.params.rootExecution ?? { workflowId: e.workflowId, runId: e.runId },
      firstRunId: e.params.firstExecutionRunId,
    };
  }

  const startParamsOf = (n: Namespace, r: StartRequest) => startParams(store, clock.now(), n, r);

  async function waitForHistory(e: Execution, ctx: CallContext, predicate: () => boolean): Promise<void> {
    const end = Date.now() + HISTORY_LONG_POLL_MS;
    while (!predicate() && !ctx.signal.aborted && Date.now() < end) {
      let left = end - Date.now();
      if (ctx.deadline !== undefined) left = Math.min(left, ctx.deadline - Date.now() - 500);
      if (left <= 0) break;
      await e.waitForChange(ctx.signal, left);
    }
  }

  interface PageToken {
    rid: string;
    next: number;
  }
  const encodePage = (t: PageToken): Uint8Array => Buffer.from(JSON.stringify(t));
  const decodePage = (b: Uint8Array | null | undefined): PageToken | undefined => {
    if (!b || b.length === 0) return undefined;
    try {
      return JSON.parse(Buffer.from(b).toString()) as PageToken;
    } catch {
      throw invalidArgument('Invalid NextPageToken.');
    }
  };

  const handlers: Handlers = {
    GetSystemInfo: () => ({
      serverVersion: SERVER_VERSION,
      capabilities: {
        signalAndQueryHeader: true,
        internalErrorDifferentiation: true,
        activityFailureIncludeHeartbeat: true,
        supportsSchedules: true,
        encodedFailureAttributes: true,
        buildIdBasedVersioning: false,
        upsertMemo: true,
        eagerWorkflowStart: false,
        sdkMetadata: true,
        countGroupByExecutionStatus: true,
        nexus: false,
      },
    }),

    GetClusterInfo: () => ({
      supportedClients: {},
      serverVersion: SERVER_VERSION,
      clusterId: 'temporal-dev-server',
      clusterName: 'active',
      historyShardCount: 1,
      persistenceStore: 'memory',
      visibilityStore: 'memory',
      initialFailoverVersion: 1,
      failoverVersionIncrement: 10,
    }),

    DescribeNamespace: (r: Req<'DescribeNamespaceRequest'>) => describeNamespace(r.namespace ? namespaces.get(r.namespace) : namespaces.get(r.id || s.defaultNamespace)),

    ListNamespaces: () => ({ namespaces: namespaces.list().map(describeNamespace), nextPageToken: new Uint8Array(0) }),

    RegisterNamespace: (r: Req<'RegisterNamespaceRequest'>) => {
      if (!r.namespace) throw invalidArgument('Namespace is not set on request.');
      namespaces.register(r.namespace, {
        description: r.description ?? '',
        ownerEmail: r.ownerEmail ?? '',
        retentionMs: durMs(r.workflowExecutionRetentionPeriod) ?? DEFAULT_RETENTION_MS,
        data: r.data ?? {},
      });
      return {};
    },

    StartWorkflowExecution: (r: Req<'StartWorkflowExecutionRequest'>) => {
      const n = ns(r.namespace);
      const { exec, started } = store.start(startParamsOf(n, r), {
        reusePolicy: r.workflowIdReusePolicy,
        conflictPolicy: r.workflowIdConflictPolicy,
      });
      return { runId: exec.runId, started, status: exec.status };
    },

    SignalWorkflowExecution: (r: Req<'SignalWorkflowExecutionRequest'>) => {
      const e = store.mustGet(ns(r.namespace).name, r.workflowExecution);
      if (!e.isOpen) throw notFound('workflow execution already completed');
      e.signal(r.signalName ?? '', r.input, r.header, r.identity ?? '', r.requestId || undefined);
      return {};
    },

    SignalWithStartWorkflowExecution: (r: Req<'SignalWithStartWorkflowExecutionRequest'>) => {
      const n = ns(r.namespace);
      const current = store.getRun(n.name, r.workflowId ?? '');
      const conflict = r.workflowIdConflictPolicy;
      if (current && current.isOpen && conflict !== enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING) {
        current.signal(r.signalName ?? '', r.signalInput, r.header, r.identity ?? '', r.requestId || undefined);
        return { runId: current.runId, started: false };
      }
      const params = startParamsOf(n, r);
      params.initialSignal = { name: r.signalName ?? '', input: r.signalInput, header: r.header, identity: r.identity ?? '', requestId: r.requestId || undefined };
      const { exec, started } = store.start(params, {
        reusePolicy: r.workflowIdReusePolicy,
        conflictPolicy: conflict || enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
      });
      return { runId: exec.runId, started };
    },

    RequestCancelWorkflowExecution: (r: Req<'RequestCancelWorkflowExecutionRequest'>) => {
      const e = store.mustGet(ns(r.namespace).name, r.workflowExecution);
      if (r.firstExecutionRunId && e.params.firstExecutionRunId !== r.firstExecutionRunId) throw notFound('workflow execution not found');
      if (!e.isOpen) throw notFound('workflow execution already completed');
      e.requestCancel(r.reason ?? '', r.identity ?? '');
      return {};
    },

    TerminateWorkflowExecution: (r: Req<'TerminateWorkflowExecutionRequest'>) => {
      const e = store.mustGet(ns(r.namespace).name, r.workflowExecution);
      if (r.firstExecutionRunId && e.params.firstExecutionRunId !== r.firstExecutionRunId) throw notFound('workflow execution not found');
      e.terminate(r.reason ?? '', r.details, r.identity ?? '');
      return {};
    },

    DescribeWorkflowExecution: (r: Req<'DescribeWorkflowExecutionRequest'>) => {
      const e = store.mustGet(ns(r.namespace).name, r.execution);
      return {
        executionConfig: {
          taskQueue: { name: e.taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
          workflowExecutionTimeout: e.params.executionTimeoutMs ? durFromMs(e.params.executionTimeoutMs) : undefined,
          workflowRunTimeout: e.params.runTimeoutMs ? durFromMs(e.params.runTimeoutMs) : undefined,
          defaultWorkflowTaskTimeout: durFromMs(e.taskTimeoutMs),
        },
        workflowExecutionInfo: executionInfo(e),
        pendingActivities: e.pendingActivities(),
        pendingChildren: e.pendingChildren(),
        pendingWorkflowTask: e.pendingWorkflowTask(),
      };
    },

    GetWorkflowExecutionHistory: async (r: Req<'GetWorkflowExecutionHistoryRequest'>, ctx: CallContext) => {
      const n = ns(r.namespace);
      const token = decodePage(r.nextPageToken);
      const e = token
        ? store.mustGet(n.name, { workflowId: r.execution?.workflowId, runId: token.rid })
        : store.mustGet(n.name, r.execution);
      const closeOnly = r.historyEventFilterType === enums.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT;
      if (closeOnly) {
        if (r.waitNewEvent) await waitForHistory(e, ctx, () => !e.isOpen);
        const ce = e.closeEvent();
        return { history: { events: ce ? [ce] : [] }, nextPageToken: new Uint8Array(0), archived: false };
      }
      let from = token?.next ?? 1;
      if (r.waitNewEvent && token) {
        await waitForHistory(e, ctx, () => e.lastEventId >= from || !e.isOpen);
      }
      const pageSize = r.maximumPageSize && r.maximumPageSize > 0 ? r.maximumPageSize : 1000;
      if (from < 1) from = 1;
      const events = e.history.slice(from - 1, from - 1 + pageSize);
      const next = from + events.length;
      let nextPageToken: Uint8Array = new Uint8Array(0);
      if (next <= e.lastEventId || (r.waitNewEvent && e.isOpen)) nextPageToken = encodePage({ rid: e.runId, next });
      return { history: { events }, nextPageToken, archived: false };
    },

    GetWorkflowExecutionHistoryReverse: (r: Req<'GetWorkflowExecutionHistoryReverseRequest'>) => {
      const n = ns(r.namespace);
      const token = decodePage(r.nextPageToken);
      const e = token ? store.mustGet(n.name, { workflowId: r.execution?.workflowId, runId: token.rid }) : store.mustGet(n.name, r.execution);
      const pageSize = r.maximumPageSize && r.maximumPageSize > 0 ? r.maximumPageSize : 1000;
      const last = token?.next ?? e.lastEventId; // highest event id still to return
      const first = Math.max(1, last - pageSize + 1);
      const events: HistoryEvent[] = e.history.slice(first - 1, last).reverse();
      const nextPageToken = first > 1 ? encodePage({ rid: e.runId, next: first - 1 }) : new Uint8Array(0);
      return { history: { events }, nextPageToken };
    },

    PollWorkflowTaskQueue: async (r: Req<'PollWorkflowTaskQueueRequest'>, ctx: CallContext) => {
      const n = ns(r.namespace);
      const name = r.taskQueue?.name;
      if (!name) throw invalidArgument('TaskQueue is not set on request.');
      const res = await matching.poll<temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse>(
        n.name,
        'workflow',
        name,
        r.identity ?? '',
        ctx.signal,
        ctx.deadline,
        r.workerInstanceKey || r.identity || '',
      );
      return res ?? {};
    },

    RespondWorkflowTaskCompleted: (r: Req<'RespondWorkflowTaskCompletedRequest'>) => {
      const t = decodeToken(r.taskToken);
      if (t.k !== 'w') throw invalidArgument('Not a workflow task token.');
      const e = store.getRun(t.ns, t.wid, t.rid);
      if (!e) throw notFound('Workflow execution not found.');
      const next = e.completeWorkflowTask(t.s, t.a, r);
      return { workflowTask: next, activityTasks: [], resetHistoryEventId: 0 };
    },

    RespondWorkflowTaskFailed: (r: Req<'RespondWorkflowTaskFailedRequest'>) => {
      const t = decodeToken(r.taskToken);
      if (t.k !== 'w') throw invalidArgument('Not a workflow task token.');
      const e = store.getRun(t.ns, t.wid, t.rid);
      if (!e) throw notFound('Workflow execution not found.');
      e.failWorkflowTask(t.s, t.a, r);
      return {};
    },

    RespondQueryTaskCompleted: (r: Req<'RespondQueryTaskCompletedRequest'>) => {
      const t = decodeToken(r.taskToken);
      if (t.k !== 'q') throw invalidArgument('Not a query task token.');
      const e = store.getRun(t.ns, t.wid, t.rid);
      if (!e) throw notFound('Workflow execution not found.');
      e.answerLegacyQuery(t.q, r);
      return {};
    },

    QueryWorkflow: async (r: Req<'QueryWorkflowRequest'>, ctx: CallContext) => {
      const e = store.mustGet(ns(r.namespace).name, r.execution);
      const QRC = enums.QueryRejectCondition;
      if (!e.isOpen) {
        const cond = r.queryRejectCondition;
        if (
          cond === QRC.QUERY_REJECT_CONDITION_NOT_OPEN ||
          (cond === QRC.QUERY_REJECT_CONDITION_NOT_COMPLETED_CLEANLY && e.status !== Status.WORKFLOW_EXECUTION_STATUS_COMPLETED)
        ) {
          return { queryRejected: { status: e.status } };
        }
      }
      if (!r.query?.queryType) throw invalidArgument('QueryType is not set on request.');
      return e.query(r.query, ctx.signal);
    },

    UpdateWorkflowExecution: async (r: Req<'UpdateWorkflowExecutionRequest'>, ctx: CallContext) => {
      const e = store.mustGet(ns(r.namespace).name, r.workflowExecution);
      if (r.firstExecutionRunId && e.params.firstExecutionRunId !== r.firstExecutionRunId) throw notFound('workflow execution not found');
      if (!r.request?.input?.name) throw invalidArgument('Update name is not set on request.');
      const u = e.admitUpdate(r.request);
      let wait = r.waitPolicy?.lifecycleStage || Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED;
      if (wait < Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED) wait = Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED;
      let timeout = UPDATE_LONG_POLL_MS;
      if (ctx.deadline !== undefined) timeout = Math.max(0, Math.min(timeout, ctx.deadline - Date.now() - 500));
      await e.waitUpdate(u, wait, ctx.signal, timeout);
      return updateResponse(e, u);
    },

    PollWorkflowExecutionUpdate: async (r: Req<'PollWorkflowExecutionUpdateRequest'>, ctx: CallContext) => {
      const e = store.mustGet(ns(r.namespace).name, r.updateRef?.workflowExecution);
      const u = e.getUpdate(r.updateRef?.updateId ?? '');
      if (!u) throw notFound(`update ${r.updateRef?.updateId ?? ''} not found`);
      const wait = r.waitPolicy?.lifecycleStage || 0;
      if (wait > Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED) {
        let timeout = UPDATE_LONG_POLL_MS;
        if (ctx.deadline !== undefined) timeout = Math.max(0, Math.min(timeout, ctx.deadline - Date.now() - 500));
        await e.waitUpdate(u, wait, ctx.signal, timeout);
      }
      return updateResponse(e, u);
    },

    PollActivityTaskQueue: async (r: Req<'PollActivityTaskQueueRequest'>, ctx: CallContext) => {
      const n = ns(r.namespace);
      const name = r.taskQueue?.name;
      if (!name) throw invalidArgument('TaskQueue is not set on request.');
      const res = await matching.poll<temporal.api.workflowservice.v1.IPollActivityTaskQueueResponse>(
        n.name,
        'activity',
        name,
        r.identity ?? '',
        ctx.signal,
        ctx.deadline,
        r.workerInstanceKey || r.identity || '',
      );
      return res ?? {};
    },

    RecordActivityTaskHeartbeat: (r: Req<'RecordActivityTaskHeartbeatRequest'>) => {
      const { e, act } = activityFromToken(r.taskToken);
      return { ...e.recordHeartbeat(act, r.details), activityPaused: false, activityReset: false };
    },
    RecordActivityTaskHeartbeatById: (r: Req<'RecordActivityTaskHeartbeatByIdRequest'>) => {
      const { e, act } = activityById(r.namespace, r.workflowId, r.runId, r.activityId);
      return { ...e.recordHeartbeat(act, r.details), activityPaused: false, activityReset: false };
    },
    RespondActivityTaskCompleted: (r: Req<'RespondActivityTaskCompletedRequest'>) => {
      const { e, act } = activityFromToken(r.taskToken);
      e.completeActivity(act, r.result, r.identity ?? '');
      return {};
    },
    RespondActivityTaskCompletedById: (r: Req<'RespondActivityTaskCompletedByIdRequest'>) => {
      const { e, act } = activityById(r.namespace, r.workflowId, r.runId, r.activityId);
      e.completeActivity(act, r.result, r.identity ?? '');
      return {};
    },
    RespondActivityTaskFailed: (r: Req<'RespondActivityTaskFailedRequest'>) => {
      const { e, act } = activityFromToken(r.taskToken);
      e.failActivity(act, r.failure, r.identity ?? '', r.lastHeartbeatDetails);
      return { failures: [] };
    },
    RespondActivityTaskFailedById: (r: Req<'RespondActivityTaskFailedByIdRequest'>) => {
      const { e, act } = activityById(r.namespace, r.workflowId, r.runId, r.activityId);
      e.failActivity(act, r.failure, r.identity ?? '', r.lastHeartbeatDetails);
      return { failures: [] };
    },
    RespondActivityTaskCanceled: (r: Req<'RespondActivityTaskCanceledRequest'>) => {
      const { e, act } = activityFromToken(r.taskToken);
      e.cancelActivity(act, r.details, r.identity ?? '');
      return {};
    },
    RespondActivityTaskCanceledById: (r: Req<'RespondActivityTaskCanceledByIdRequest'>) => {
      const { e, act } = activityById(r.namespace, r.workflowId, r.runId, r.activityId);
      e.cancelActivity(act, r.details, r.identity ?? '');
      return {};
    },

    ResetStickyTaskQueue: (r: Req<'ResetStickyTaskQueueRequest'>) => {
      const e = store.mustGet(ns(r.namespace).name, r.execution);
      e.clearSticky();
      return {};
    },

    ShutdownWorker: (r: Req<'ShutdownWorkerRequest'>) => {
      const n = ns(r.namespace);
      const sticky = r.stickyTaskQueue;
      if (sticky) {
        for (const e of store.all(n.name)) if (e.isOpen && e.stickyQueue === sticky) e.clearSticky();
        matching.releasePollers(n.name, 'workflow', sticky);
      }
      // The worker's polls on its task queue are answered empty at once (poll complete on
      // shutdown), only its own: other workers keep polling the same queue.
      const queue = r.taskQueue;
      const worker = r.workerInstanceKey || r.identity;
      if (queue && worker) {
        const TQ = enums.TaskQueueType;
        const types = r.taskQueueTypes?.length ? r.taskQueueTypes : [TQ.TASK_QUEUE_TYPE_WORKFLOW, TQ.TASK_QUEUE_TYPE_ACTIVITY];
        if (types.includes(TQ.TASK_QUEUE_TYPE_WORKFLOW)) matching.releasePollers(n.name, 'workflow', queue, worker);
        if (types.includes(TQ.TASK_QUEUE_TYPE_ACTIVITY)) matching.releasePollers(n.name, 'activity', queue, worker);
      }
      return {};
    },

    RecordWorkerHeartbeat: () => ({}),

    DescribeTaskQueue: (r: Req<'DescribeTaskQueueRequest'>) => {
      const n = ns(r.namespace);
      const name = r.taskQueue?.name ?? '';
      const type = r.taskQueueType === enums.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY ? 'activity' : 'workflow';
      const pollers = matching.pollers(n.name, type, name).map((p) => ({
        identity: p.identity,
        lastAccessTime: tsFromMs(p.lastAccessTime),
        ratePerSecond: 100000,
      }));
      return {
        pollers,
        stats: r.reportStats ? { approximateBacklogCount: matching.backlog(n.name, type, name), tasksAddRate: 0, tasksDispatchRate: 0 } : undefined,
      };
    },

    GetSearchAttributes: () => {
      const n = namespaces.get(s.defaultNamespace);
      return { keys: searchAttributeKeys(n) };
    },

    ListWorkflowExecutions: (r: Req<'ListWorkflowExecutionsRequest'>) => listExecutions(r.namespace, r.query, r.pageSize, r.nextPageToken),
    ScanWorkflowExecutions: (r: Req<'ScanWorkflowExecutionsRequest'>) => listExecutions(r.namespace, r.query, r.pageSize, r.nextPageToken),

    CreateSchedule: (r: Req<'CreateScheduleRequest'>) => {
      const n = ns(r.namespace);
      if (r.searchAttributes?.indexedFields) store.checkSearchAttributes(n, r.searchAttributes.indexedFields);
      schedules.create({ ...r, namespace: n.name });
      return { conflictToken: schedules.describe(n.name, r.scheduleId).conflictToken };
    },
    DescribeSchedule: (r: Req<'DescribeScheduleRequest'>) => schedules.describe(ns(r.namespace).name, r.scheduleId),
    ListSchedules: (r: Req<'ListSchedulesRequest'>) => schedules.list(ns(r.namespace).name, r.maximumPageSize, r.nextPageToken),
    UpdateSchedule: (r: Req<'UpdateScheduleRequest'>) => {
      schedules.update({ ...r, namespace: ns(r.namespace).name });
      return {};
    },
    PatchSchedule: (r: Req<'PatchScheduleRequest'>) => {
      schedules.patch(ns(r.namespace).name, r.scheduleId, r.patch);
      return {};
    },
    DeleteSchedule: (r: Req<'DeleteScheduleRequest'>) => {
      schedules.delete(ns(r.namespace).name, r.scheduleId);
      return {};
    },
    ListScheduleMatchingTimes: (r: Req<'ListScheduleMatchingTimesRequest'>) => ({
      startTime: schedules.matchingTimes(ns(r.namespace).name, r.scheduleId, msFromTs(r.startTime), msFromTs(r.endTime)).map(tsFromMs),
    }),

    CountWorkflowExecutions: (r: Req<'CountWorkflowExecutionsRequest'>) => {
      const n = ns(r.namespace);
      let q = r.query ?? '';
      // Also bare (`GROUP BY ExecutionStatus` with no filter), as the Temporal UI sends it.
      const groupBy = /(?:^|\s+)group\s+by\s+ExecutionStatus\s*$/i.exec(q);
      if (groupBy) q = q.slice(0, groupBy.index);
      const compiled = compile(n, q);
      const records = store.all(n.name).map((e) => store.visibilityRecord(e)).filter((rec) => compiled.matches(rec));
      if (!groupBy) return { count: records.length, groups: [] };
      const counts = new Map<string, number>();
      for (const rec of records) counts.set(rec.executionStatus, (counts.get(rec.executionStatus) ?? 0) + 1);
      const enc = new TextEncoder();
      return {
        count: records.length,
        groups: [...counts].map(([status, count]) => ({
          groupValues: [{ metadata: { encoding: enc.encode('json/plain'), type: enc.encode('Keyword') }, data: enc.encode(JSON.stringify(status)) }],
          count,
        })),
      };
    },
  };

  function compile(n: Namespace, q: string): ReturnType<typeof compileVisibilityQuery> {
    try {
      return compileVisibilityQuery(q, Object.fromEntries(n.searchAttributes));
    } catch (err) {
      if (err instanceof VisibilityQueryError) throw invalidArgument(`invalid query: ${err.message}`);
      throw err;
    }
  }

  function listExecutions(nsName: string | null | undefined, query: string | null | undefined, pageSize: number | null | undefined, token: Uint8Array | null | undefined) {
    const n = ns(nsName);
    const compiled = compile(n, query ?? '');
    const all = store.all(n.name);
    const recs = all.map((e) => ({ e, rec: store.visibilityRecord(e) })).filter((x) => compiled.matches(x.rec));
    recs.sort((a, b) => compiled.compare(a.rec, b.rec));
    const offset = token && token.length ? Number(Buffer.from(token).toString()) || 0 : 0;
    const size = pageSize && pageSize > 0 ? pageSize : 1000;
    const page = recs.slice(offset, offset + size);
    const nextOffset = offset + page.length;
    return {
      executions: page.map((x) => executionInfo(x.e)),
      nextPageToken: nextOffset < recs.length ? Buffer.from(String(nextOffset)) : new Uint8Array(0),
    };
  }

  function searchAttributeKeys(n: Namespace): Record<string, number> {
    const keys: Record<string, number> = {};
    for (const [k, t] of Object.entries(SYSTEM_SEARCH_ATTRIBUTES)) keys[k] = saTypeToEnum(t);
    for (const [k, t] of n.searchAttributes) keys[k] = saTypeToEnum(t);
    return keys;
  }

  function describeNamespace(n: Namespace): temporal.api.workflowservice.v1.IDescribeNamespaceResponse {
    return {
      namespaceInfo: {
        name: n.name,
        state: enums.NamespaceState.NAMESPACE_STATE_REGISTERED,
        description: n.description,
        ownerEmail: n.ownerEmail,
        data: n.data,
        id: n.id,
        // Abandoned polls are answered at once on ShutdownWorker (matching.releasePollers).
        capabilities: { eagerWorkflowStart: false, syncUpdate: true, asyncUpdate: true, workerPollCompleteOnShutdown: true },
        supportsSchedules: true,
      },
      config: {
        workflowExecutionRetentionTtl: durFromMs(n.retentionMs),
        historyArchivalState: enums.ArchivalState.ARCHIVAL_STATE_DISABLED,
        visibilityArchivalState: enums.ArchivalState.ARCHIVAL_STATE_DISABLED,
        customSearchAttributeAliases: Object.fromEntries([...n.searchAttributes.keys()].map((k) => [k, k])),
      },
      replicationConfig: {
        activeClusterName: 'active',
        clusters: [{ clusterName: 'active' }],
        state: enums.ReplicationState.REPLICATION_STATE_NORMAL,
      },
      failoverVersion: L(0),
      isGlobalNamespace: false,
    };
  }

  function updateResponse(e: Execution, u: NonNullable<ReturnType<Execution['getUpdate']>>) {
    const stage =
      u.stage === 'completed'
        ? Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED
        : u.stage === 'accepted'
          ? Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED
          : Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED;
    return {
      updateRef: { workflowExecution: { workflowId: e.workflowId, runId: e.runId }, updateId: u.id },
      outcome: u.stage === 'completed' ? u.outcome : undefined,
      stage,
    };
  }

  function activityFromToken(token: Uint8Array | null | undefined) {
    const t = decodeToken(token);
    if (t.k !== 'a') throw invalidArgument('Not an activity task token.');
    const e = store.getRun(t.ns, t.wid, t.rid);
    if (!e) throw notFound('Workflow execution not found.');
    return { e, act: e.findActivity(t.s, t.a) };
  }

  function activityById(nsName: string | null | undefined, workflowId: string | null | undefined, runId: string | null | undefined, activityId: string | null | undefined) {
    if (!workflowId || !activityId) throw invalidArgument('WorkflowId and ActivityId must be set on request.');
    const e = store.mustGet(ns(nsName).name, { workflowId, runId: runId || undefined });
    return { e, act: e.findActivity(undefined, undefined, activityId) };
  }

  return handlers;
}
