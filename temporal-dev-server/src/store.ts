/**
 * All workflow runs, by namespace/workflow id/run id; starting runs under the id reuse and
 * conflict policies; continue-as-new and retries; children; visibility records.
 */
import { Execution, statusName, type Env, type ParentInfo, type StartParams, type StoreApi } from './execution.ts';
import { alreadyStarted, invalidArgument, notFound } from './errors.ts';
import type { Namespace } from './namespaces.ts';
import { saTypeFromEnum, parseSaType, type SearchAttributeType } from './namespaces.ts';
import { decodeJsonPayload, durMs, enums, payloadMetaString, Status, type Payload, type temporal } from './proto.ts';
import { normalizeRetryPolicy } from './retry.ts';
import type { VisibilityRecord } from './visibility-query.ts';

const Reuse = enums.WorkflowIdReusePolicy;
const Conflict = enums.WorkflowIdConflictPolicy;

export interface StartPolicies {
  reusePolicy?: number;
  conflictPolicy?: number;
}

export type StartResult = { exec: Execution; started: boolean };

export class Store implements StoreApi {
  private readonly runs = new Map<string, Execution>();
  /** namespace + workflowId → runs, oldest first. */
  private readonly chains = new Map<string, Execution[]>();
  private readonly startRequests = new Map<string, Execution>();
  env!: Env;
  /** Called when a workflow closes (not when it goes on in a new run): schedules watch their workflows. */
  onWorkflowClosed?: (exec: Execution) => void;

  private key(ns: string, workflowId: string): string {
    return `${ns}\u0000${workflowId}`;
  }

  all(ns?: string): Execution[] {
    const out: Execution[] = [];
    for (const e of this.runs.values()) if (!ns || e.namespace.name === ns) out.push(e);
    return out;
  }

  getRun(namespace: string, workflowId: string, runId?: string): Execution | undefined {
    if (runId) {
      const e = this.runs.get(runId);
      return e && e.workflowId === workflowId && e.namespace.name === namespace ? e : undefined;
    }
    const chain = this.chains.get(this.key(namespace, workflowId));
    return chain?.[chain.length - 1];
  }

  /** The run a request refers to; NOT_FOUND if none. */
  mustGet(namespace: string, execution: temporal.api.common.v1.IWorkflowExecution | null | undefined): Execution {
    const workflowId = execution?.workflowId ?? '';
    if (!workflowId) throw invalidArgument('WorkflowId is not set on request.');
    const e = this.getRun(namespace, workflowId, execution?.runId || undefined);
    if (!e) {
      throw notFound(
        execution?.runId
          ? `workflow execution not found for workflow ID "${workflowId}" and run ID "${execution.runId}"`
          : `workflow not found for ID: ${workflowId}`,
      );
    }
    return e;
  }

  /** Put back a run reloaded from disk (runs of a workflow id come back oldest first). */
  restore(exec: Execution): void {
    this.register(exec);
  }

  /** Forget a closed run (retention). */
  remove(exec: Execution): void {
    this.runs.delete(exec.runId);
    const k = this.key(exec.namespace.name, exec.workflowId);
    const chain = this.chains.get(k);
    if (chain) {
      const i = chain.indexOf(exec);
      if (i >= 0) chain.splice(i, 1);
      if (chain.length === 0) this.chains.delete(k);
    }
    const rk = `${exec.namespace.name}\u0000${exec.params.requestId}`;
    if (this.startRequests.get(rk) === exec) this.startRequests.delete(rk);
  }

  private register(exec: Execution): void {
    this.runs.set(exec.runId, exec);
    const k = this.key(exec.namespace.name, exec.workflowId);
    let chain = this.chains.get(k);
    if (!chain) {
      chain = [];
      this.chains.set(k, chain);
    }
    chain.push(exec);
    this.startRequests.set(`${exec.namespace.name}\u0000${exec.params.requestId}`, exec);
    this.env.touch?.(exec);
  }

  /**
   * Start a run under the id reuse/conflict policies. Returns the existing run with
   * `started: false` for a repeated request id or USE_EXISTING.
   */
  start(params: StartParams, policies: StartPolicies = {}): StartResult {
    const ns = params.namespace.name;
    const dup = params.requestId ? this.startRequests.get(`${ns}\u0000${params.requestId}`) : undefined;
    if (dup && dup.workflowId === params.workflowId) return { exec: dup, started: true };
    const current = this.getRun(ns, params.workflowId);
    if (current) {
      if (current.isOpen) {
        const conflict = policies.conflictPolicy || Conflict.WORKFLOW_ID_CONFLICT_POLICY_FAIL;
        if (conflict === Conflict.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING) return { exec: current, started: false };
        if (
          conflict === Conflict.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING ||
          policies.reusePolicy === Reuse.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING
        ) {
          current.terminate('terminated by a new start with the same workflow id (conflict policy)', undefined, params.identity);
        } else {
          throw alreadyStarted(
            `Workflow execution is already running. WorkflowId: ${params.workflowId}, RunId: ${current.runId}.`,
            current.params.requestId,
            current.runId,
          );
        }
      } else {
        const reuse = policies.reusePolicy || Reuse.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE;
        if (reuse === Reuse.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE) {
          throw alreadyStarted(
            `Workflow execution already finished and the workflow id reuse policy rejects duplicates. WorkflowId: ${params.workflowId}, RunId: ${current.runId}.`,
            current.params.requestId,
            current.runId,
          );
        }
        if (reuse === Reuse.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY && current.status === Status.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
          throw alreadyStarted(
            `Workflow execution already finished successfully and the workflow id reuse policy allows failed runs only. WorkflowId: ${params.workflowId}, RunId: ${current.runId}.`,
            current.params.requestId,
            current.runId,
          );
        }
      }
    }
    const exec = new Execution(this.env, params);
    this.register(exec);
    exec.start();
    this.env.log.debug('workflow started', { workflowId: exec.workflowId, runId: exec.runId, type: exec.workflowType });
    return { exec, started: true };
  }

  continueRun(prev: Execution, params: StartParams): Execution {
    const exec = new Execution(this.env, params);
    this.register(exec);
    exec.start();
    this.env.log.debug('workflow continued', { workflowId: exec.workflowId, from: prev.runId, to: exec.runId });
    return exec;
  }

  startChild(
    parent: Execution,
    initiatedEventId: number,
    a: temporal.api.history.v1.IStartChildWorkflowExecutionInitiatedEventAttributes,
  ): { runId: string } | { error: 'already-exists' | 'namespace-not-found' } {
    const nsName = a.namespace || parent.namespace.name;
    if (!this.env.namespaces.has(nsName)) return { error: 'namespace-not-found' };
    const ns = this.env.namespaces.get(nsName);
    const runId = globalThis.crypto.randomUUID();
    const execTimeout = durMs(a.workflowExecutionTimeout);
    const parentInfo: ParentInfo = {
      namespace: parent.namespace.name,
      namespaceId: parent.namespace.id,
      workflowId: parent.workflowId,
      runId: parent.runId,
      initiatedEventId,
    };
    try {
      const res = this.start(
        {
          namespace: ns,
          workflowId: a.workflowId ?? '',
          runId,
          workflowType: a.workflowType?.name ?? '',
          taskQueue: a.taskQueue?.name || parent.taskQueue,
          input: a.input,
          header: a.header,
          memo: a.memo?.fields ?? undefined,
          searchAttributes: this.checkSearchAttributes(ns, a.searchAttributes?.indexedFields ?? undefined),
          retryPolicy: normalizeRetryPolicy(a.retryPolicy, false),
          executionTimeoutMs: execTimeout,
          runTimeoutMs: durMs(a.workflowRunTimeout),
          taskTimeoutMs: durMs(a.workflowTaskTimeout),
          identity: parent.workflowId,
          requestId: globalThis.crypto.randomUUID(),
          attempt: 1,
          firstExecutionRunId: runId,
          executionExpirationTime: execTimeout ? this.env.clock.now() + execTimeout : undefined,
          parent: parentInfo,
          rootExecution: parent.params.rootExecution ?? { workflowId: parent.workflowId, runId: parent.runId },
          cronSchedule: a.cronSchedule ?? undefined,
          priority: a.priority,
        },
        { reusePolicy: a.workflowIdReusePolicy ?? 0, conflictPolicy: Conflict.WORKFLOW_ID_CONFLICT_POLICY_FAIL },
      );
      return { runId: res.exec.runId };
    } catch (err) {
      if (err instanceof Error && 'code' in err) return { error: 'already-exists' };
      throw err;
    }
  }

  onClosed(exec: Execution): void {
    // The chain goes on in a new run (continue-as-new, retry): the parent keeps waiting.
    if (exec.nextRunId) return;
    this.onWorkflowClosed?.(exec);
    const p = exec.parent;
    if (!p) return;
    const parent = this.runs.get(p.runId);
    const closeEvent = exec.closeEvent();
    if (!parent || !closeEvent) return;
    parent.onChildClosed(p.initiatedEventId, closeEvent, exec);
  }

  /** Validate/complete custom search attributes: unknown names are registered from their payload type. */
  checkSearchAttributes(ns: Namespace, fields: Record<string, Payload> | undefined): Record<string, Payload> | undefined {
    if (!fields) return undefined;
    for (const [name, p] of Object.entries(fields)) {
      if (ns.searchAttributes.has(name)) continue;
      const declared = payloadMetaString(p, 'type');
      const t = (declared && parseSaType(declared)) || inferSaType(decodeJsonPayload(p));
      if (t) ns.searchAttributes.set(name, t);
    }
    return fields;
  }

  visibilityRecord(e: Execution): VisibilityRecord {
    const sa: Record<string, unknown> = {};
    for (const [k, p] of Object.entries(e.searchAttributes)) {
      const v = decodeJsonPayload(p);
      if (v === undefined || v === null) continue;
      if (Array.isArray(v) && v.length === 0) continue;
      sa[k] = v;
    }
    return {
      workflowId: e.workflowId,
      runId: e.runId,
      workflowType: e.workflowType,
      executionStatus: statusName(e.status),
      startTime: new Date(e.startTime),
      closeTime: e.closeTime !== undefined ? new Date(e.closeTime) : undefined,
      executionTime: new Date(e.executionTime),
      taskQueue: e.taskQueue,
      searchAttributes: sa,
    };
  }
}

function inferSaType(v: unknown): SearchAttributeType | undefined {
  if (typeof v === 'boolean') return 'Bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'Int' : 'Double';
  if (Array.isArray(v)) return 'KeywordList';
  if (typeof v === 'string') return /^\d{4}-\d{2}-\d{2}T/.test(v) ? 'Datetime' : 'Keyword';
  return undefined;
}

export { saTypeFromEnum };
