/**
 * The in-process API (`start()`), the clock control, the command line, and the RPC details the
 * SDK environments do not exercise.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  Client,
  Connection,
  QueryRejectedError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
} from '@temporalio/client';
import { TimeoutFailure } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { start, type RunningServer } from '../src/index.ts';
import { parseArgs, parseDurationMs } from '../src/cli.ts';
import * as activities from './activities.ts';
import { BIN, replayAll, sleepMs, uid, WORKFLOWS } from './helpers.ts';
import { asyncActivityWorkflow, buggy, counter, countQuery, doneSignal, failing, hello, monthly, retried, slowActivityWorkflow, waitForever } from './workflows/index.ts';

const DAY = 24 * 3600 * 1000;

describe('in-process server', () => {
  let server: RunningServer;
  let connection: Connection;
  let client: Client;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = uid('api');
  const ids = new Set<string>();
  const id = (p: string): string => {
    const v = uid(p);
    ids.add(v);
    return v;
  };

  beforeAll(async () => {
    server = await start({ port: 0 });
    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection });
    const { NativeConnection } = await import('@temporalio/worker');
    const native = await NativeConnection.connect({ address: server.address });
    worker = await Worker.create({ connection: native, taskQueue, workflowsPath: WORKFLOWS, activities });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await connection?.close();
    await server?.stop();
  });

  it('runs a simulated year of monthly work when the clock is advanced', async () => {
    const wid = id('year');
    const handle = await client.workflow.start(monthly, { taskQueue, workflowId: wid, args: [12] });
    await sleepMs(100);
    const t0 = server.now();
    const wall = Date.now();
    await server.advanceClock(365 * DAY);
    const stamps = await handle.result();
    expect(stamps).toHaveLength(12);
    for (let i = 0; i < 12; i++) expect(stamps[i]! - t0).toBeGreaterThanOrEqual((i + 1) * 30 * DAY - 1000);
    expect(server.now() - t0).toBeGreaterThanOrEqual(365 * DAY);
    expect(Date.now() - wall).toBeLessThan(20_000);
  });

  it('deduplicates starts by request id and applies id reuse and conflict policies', async () => {
    const ws = client.workflowService;
    const wid = id('policies');
    const h = await client.workflow.start(waitForever, { taskQueue, workflowId: wid });
    const req = { namespace: 'default', workflowId: wid, workflowType: { name: 'waitForever' }, taskQueue: { name: taskQueue }, requestId: 'same-request', identity: 't' };
    const other = id('reqid');
    const r1 = await ws.startWorkflowExecution({ ...req, workflowId: other });
    const r2 = await ws.startWorkflowExecution({ ...req, workflowId: other });
    expect(r2.runId).toBe(r1.runId);
    // USE_EXISTING returns the running run.
    const r3 = await ws.startWorkflowExecution({ ...req, requestId: 'another', workflowIdConflictPolicy: 2 });
    expect(r3.runId).toBe(h.firstExecutionRunId);
    expect(r3.started).toBe(false);
    // TERMINATE_EXISTING replaces it.
    const r4 = await ws.startWorkflowExecution({ ...req, requestId: 'third', workflowIdConflictPolicy: 3 });
    expect(r4.runId).not.toBe(h.firstExecutionRunId);
    expect((await client.workflow.getHandle(wid, h.firstExecutionRunId).describe()).status.name).toBe('TERMINATED');
    await client.workflow.getHandle(wid).terminate();
    // REJECT_DUPLICATE after close.
    await expect(
      client.workflow.start(waitForever, { taskQueue, workflowId: wid, workflowIdReusePolicy: 'REJECT_DUPLICATE' }),
    ).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    // ALLOW_DUPLICATE_FAILED_ONLY after a termination: allowed.
    const h5 = await client.workflow.start(waitForever, { taskQueue, workflowId: wid, workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY' });
    await h5.terminate();
    await client.workflow.getHandle(other).terminate();
  });

  it('retries a failing workflow under its retry policy and follows the runs', async () => {
    const wid = id('wfretry');
    const res = await client.workflow.execute(retried, {
      taskQueue,
      workflowId: wid,
      args: [3],
      retry: { initialInterval: '10ms', maximumAttempts: 5 },
    });
    expect(res).toBe(3);
  });

  it('times a workflow out after its execution timeout', async () => {
    const h = await client.workflow.start(waitForever, { taskQueue, workflowId: id('timeout'), workflowExecutionTimeout: '2 days' });
    await sleepMs(50);
    await server.advanceClock(3 * DAY);
    const err = await h.result().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect((err as WorkflowFailedError).cause).toBeInstanceOf(TimeoutFailure);
  });

  it('times out an activity nobody picks up (schedule-to-close)', async () => {
    const out = await client.workflow.execute(slowActivityWorkflow, { taskQueue, workflowId: id('s2c'), args: [uid('nobody'), 300] });
    expect(out).toBe('ActivityFailure:TimeoutFailure');
  });

  it('rejects queries on closed workflows per the reject condition', async () => {
    const wid = id('qrc');
    await client.workflow.execute(failing, { taskQueue, workflowId: wid, args: ['boom'] }).catch(() => undefined);
    const h = client.workflow.getHandle(wid);
    await expect(h.query(countQuery)).rejects.toThrow();
    const c = new Client({ connection, workflow: { queryRejectCondition: 'NOT_OPEN' } });
    await expect(c.workflow.getHandle(wid).query(countQuery)).rejects.toBeInstanceOf(QueryRejectedError);
  });

  it('keeps memo and describes pending work', async () => {
    const wid = id('memo');
    const h = await client.workflow.start(counter, { taskQueue, workflowId: wid, memo: { owner: 'alice', n: 2 } });
    expect(await h.query(countQuery)).toBe(0);
    const d = await h.describe();
    expect(d.memo).toEqual({ owner: 'alice', n: 2 });
    expect(d.status.name).toBe('RUNNING');
    expect(d.taskQueue).toBe(taskQueue);
    await h.signal(doneSignal);
    await h.result();
  });

  it('pages history forwards and backwards', async () => {
    const wid = id('paging');
    await client.workflow.execute(hello, { taskQueue, workflowId: wid, args: ['pages'] });
    const ws = client.workflowService;
    const all: number[] = [];
    let token: Uint8Array | undefined;
    do {
      const res: temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryResponse = await ws.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId: wid }, maximumPageSize: 2, nextPageToken: token });
      for (const e of res.history?.events ?? []) all.push(Number(e.eventId));
      token = res.nextPageToken?.length ? res.nextPageToken : undefined;
    } while (token);
    expect(all).toEqual(all.map((_, i) => i + 1));
    expect(all.length).toBeGreaterThanOrEqual(5);
    const rev: number[] = [];
    token = undefined;
    do {
      const res: temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryReverseResponse = await ws.getWorkflowExecutionHistoryReverse({ namespace: 'default', execution: { workflowId: wid }, maximumPageSize: 2, nextPageToken: token });
      for (const e of res.history?.events ?? []) rev.push(Number(e.eventId));
      token = res.nextPageToken?.length ? res.nextPageToken : undefined;
    } while (token);
    expect(rev).toEqual([...all].reverse());
    const closeOnly = await ws.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId: wid }, historyEventFilterType: 2 });
    expect(closeOnly.history?.events?.map((e) => e.eventType)).toEqual([temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED]);
  });

  it('answers UNIMPLEMENTED at once for calls it does not support', async () => {
    const started = Date.now();
    const err = await client.workflowService.listBatchOperations({ namespace: 'default' }).catch((e: unknown) => e);
    expect((err as { code?: number }).code).toBe(GrpcStatus.UNIMPLEMENTED);
    expect(String((err as Error).message)).toMatch(/not implemented by temporal-dev-server/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('retries a failing workflow task as one transient attempt, and times out unanswered attempts', async () => {
    const wid = uid('buggy'); // not replayed: its code fails by design
    const h = await client.workflow.start(buggy, { taskQueue, workflowId: wid, workflowTaskTimeout: '1s' });
    const end = Date.now() + 15_000;
    let attempt = 0;
    while (attempt < 3 && Date.now() < end) {
      await sleepMs(200);
      const raw = await client.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId: wid } });
      attempt = raw.pendingWorkflowTask?.attempt ?? 0;
    }
    expect(attempt).toBeGreaterThanOrEqual(3);
    const history = await h.fetchHistory();
    const E = temporal.api.enums.v1.EventType;
    const types = (history.events ?? []).map((e) => e.eventType);
    expect(types.filter((t) => t === E.EVENT_TYPE_WORKFLOW_TASK_FAILED)).toHaveLength(1);
    expect(types.filter((t) => t === E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED)).toHaveLength(1);
    await h.terminate('done');
  });

  it('completes and heartbeats activities by workflow id and activity id', async () => {
    const wid = id('async');
    const h = await client.workflow.start(asyncActivityWorkflow, { taskQueue, workflowId: wid });
    let activityId: string | undefined;
    const end = Date.now() + 10_000;
    while (!activityId && Date.now() < end) {
      const d = await client.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId: wid } });
      const p = d.pendingActivities?.[0];
      if (p && p.state === temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED) activityId = p.activityId ?? undefined;
      else await sleepMs(20);
    }
    expect(activityId).toBeDefined();
    await client.activity.heartbeat({ workflowId: wid, activityId: activityId! }, 'half way');
    await client.activity.complete({ workflowId: wid, activityId: activityId! }, 'done later');
    expect(await h.result()).toBe('done later');
  });

  it('adds, lists and removes search attributes through the operator service', async () => {
    const op = connection.operatorService;
    await op.addSearchAttributes({ namespace: 'default', searchAttributes: { Region: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD } });
    expect((await op.listSearchAttributes({ namespace: 'default' })).customAttributes?.Region).toBe(temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    expect((await client.workflowService.getSearchAttributes({})).keys?.Region).toBeDefined();
    await op.removeSearchAttributes({ namespace: 'default', searchAttributes: ['Region'] });
    expect((await op.listSearchAttributes({ namespace: 'default' })).customAttributes?.Region).toBeUndefined();
  });

  it('answers an idle long poll empty after the poll timeout', async () => {
    const quick = await start({ port: 0, pollTimeoutMs: 300 });
    const c = await Connection.connect({ address: quick.address });
    try {
      const t0 = Date.now();
      const res = await c.workflowService.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: 'idle' }, identity: 'test' });
      expect(res.taskToken?.length ?? 0).toBe(0);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
      const act = await c.workflowService.pollActivityTaskQueue({ namespace: 'default', taskQueue: { name: 'idle' }, identity: 'test' });
      expect(act.taskToken?.length ?? 0).toBe(0);
    } finally {
      await c.close();
      await quick.stop();
    }
  });

  it('answers the gRPC health check', async () => {
    const res = await connection.healthService.check({ service: '' });
    expect(res.status).toBe(1);
  });

  it('replays every history this suite produced without non-determinism', async () => {
    const { count, errors } = await replayAll(client, ids);
    expect(errors).toEqual([]);
    expect(count).toBeGreaterThan(0);
  });
});

describe('command line', () => {
  it('parses the test-server form: time skipping on, locked', () => {
    const { options } = parseArgs(['7234'], {});
    expect(options).toMatchObject({ port: 7234, timeSkipping: true, startLocked: true, logLevel: 'silent' });
    expect(parseArgs(['7234', '--enable-time-skipping'], {}).options.startLocked).toBe(false);
  });

  it('parses the CLI form and reports the flags it ignores', () => {
    const { options, ignored } = parseArgs(
      ['server', 'start-dev', '--port', '7555', '--namespace', 'default', '--ip', '127.0.0.1', '--log-format', 'pretty', '--log-level', 'warn',
        '--dynamic-config-value', 'a=b', '--headless', '--search-attribute', 'CustomerId=Keyword', '--search-attribute', 'Tags=KeywordList'],
      {},
    );
    expect(options).toMatchObject({ port: 7555, namespace: 'default', host: '127.0.0.1', timeSkipping: false, logLevel: 'warn' });
    expect(options.searchAttributes).toEqual({ CustomerId: 'Keyword', Tags: 'KeywordList' });
    expect(ignored).toEqual(['--log-format pretty', '--dynamic-config-value a=b']);
    expect(parseArgs(['server', 'start-dev', '--port', '1'], { TEMPORAL_DEV_SERVER_LOG_LEVEL: 'debug' }).options.logLevel).toBe('debug');
  });

  it('parses durations for the clock control', () => {
    expect(parseDurationMs('30d')).toBe(30 * DAY);
    expect(parseDurationMs('PT2H')).toBe(2 * 3600 * 1000);
    expect(parseDurationMs('1y')).toBe(365 * DAY);
    expect(parseDurationMs(1500)).toBe(1500);
    expect(parseDurationMs('soon')).toBeUndefined();
  });

  it('serves the HTTP clock control of the CLI form and stays quiet', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const controlPort = port + 1;
    const child = spawn(process.execPath, [BIN, 'server', 'start-dev', '--port', String(port), '--control-port', String(controlPort), '--headless'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TEMPORAL_DEV_SERVER_LOG_LEVEL: '' },
    });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    try {
      let before: { nowMs: number } | undefined;
      const end = Date.now() + 20_000;
      while (!before && Date.now() < end) {
        before = (await fetch(`http://127.0.0.1:${controlPort}/clock`).then((r) => r.json()).catch(() => undefined)) as { nowMs: number } | undefined;
        if (!before) await sleepMs(100);
      }
      expect(before).toBeDefined();
      const res = await fetch(`http://127.0.0.1:${controlPort}/clock/advance`, { method: 'POST', body: JSON.stringify({ duration: '30d' }) });
      const after = (await res.json()) as { nowMs: number };
      expect(after.nowMs - before!.nowMs).toBeGreaterThanOrEqual(30 * DAY);
      const c = await Connection.connect({ address: `127.0.0.1:${port}` });
      const info = await c.workflowService.getSystemInfo({});
      expect(info.serverVersion).toBeTruthy();
      await c.close();
      expect(output).toBe('');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
