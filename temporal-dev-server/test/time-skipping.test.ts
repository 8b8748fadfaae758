/**
 * The SDK's time-skipping environment (test-server form of the executable) against our server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { CancelledFailure, TerminatedFailure } from '@temporalio/common';
import * as activities from './activities.ts';
import { replayAll, serverExecutable, uid, WORKFLOWS } from './helpers.ts';
import {
  addUpdate,
  busyCounter,
  cancelViaHeartbeat,
  continuer,
  counter,
  countQuery,
  doneSignal,
  flakyActivity,
  hello,
  heartbeatTimeout,
  incrementSignal,
  parentWithChild,
  sleeper,
  timers,
  waitForever,
  mixed,
} from './workflows/index.ts';

const YEAR_MS = 365 * 24 * 3600 * 1000;

describe('time-skipping environment (test-server form)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = uid('ts');
  const ids = new Set<string>();
  const id = (p: string): string => {
    const v = uid(p);
    ids.add(v);
    return v;
  };

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: serverExecutable } });
    worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: WORKFLOWS, activities });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  it('runs a workflow to completion and returns its result', async () => {
    const result = await env.client.workflow.execute(hello, { taskQueue, workflowId: id('hello'), args: ['Temporal'] });
    expect(result).toBe('Hello, Temporal!');
  });

  it('completes a workflow that sleeps 365 days in seconds of wall time', async () => {
    const started = Date.now();
    const slept = await env.client.workflow.execute(sleeper, { taskQueue, workflowId: id('year'), args: [YEAR_MS] });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(slept).toBeGreaterThanOrEqual(YEAR_MS);
  });

  it('fires timers in deadline order and never fires a cancelled one', async () => {
    const order = await env.client.workflow.execute(timers, { taskQueue, workflowId: id('timers') });
    expect(order).toEqual(['1s', '2s', '3s', 'cancelled']);
  });

  it('delivers signals and answers queries on an idle workflow', async () => {
    const handle = await env.client.workflow.start(counter, { taskQueue, workflowId: id('counter'), args: [1] });
    await handle.signal(incrementSignal, 2);
    await handle.signal(incrementSignal, 3);
    expect(await handle.query(countQuery)).toBe(6);
    await handle.signal(doneSignal);
    expect(await handle.result()).toBe(6);
    // Queries still work on a closed workflow.
    expect(await handle.query(countQuery)).toBe(6);
  });

  it('answers queries on a busy workflow', async () => {
    const handle = await env.client.workflow.start(busyCounter, { taskQueue, workflowId: id('busy') });
    await handle.signal(incrementSignal, 4);
    const values = await Promise.all([handle.query(countQuery), handle.query(countQuery), handle.query(countQuery)]);
    for (const v of values) expect([0, 4]).toContain(v);
    await handle.signal(doneSignal);
    expect(await handle.result()).toBe(4);
  });

  it('runs updates, and rejects one whose validator fails', async () => {
    const handle = await env.client.workflow.start(counter, { taskQueue, workflowId: id('update') });
    expect(await handle.executeUpdate(addUpdate, { args: [5] })).toBe(5);
    await expect(handle.executeUpdate(addUpdate, { args: [-1] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    // Same update id twice: run once.
    const [a, b] = await Promise.all([
      handle.executeUpdate(addUpdate, { args: [10], updateId: 'dup' }),
      handle.executeUpdate(addUpdate, { args: [10], updateId: 'dup' }),
    ]);
    expect(a).toBe(15);
    expect(b).toBe(15);
    expect(await handle.query(countQuery)).toBe(15);
    await handle.signal(doneSignal);
    expect(await handle.result()).toBe(15);
  });

  it('retries an activity that fails twice with the configured backoff', async () => {
    const key = id('flaky');
    const out = await env.client.workflow.execute(flakyActivity, { taskQueue, workflowId: key, args: [key, 2] });
    expect(out.result).toBe('ok after 3 attempts');
    expect(out.attempts).toHaveLength(3);
    // initialInterval 2s, coefficient 3: 2 s then 6 s between attempts (server clock).
    const [a1, a2, a3] = out.attempts as [number, number, number];
    expect(a2 - a1).toBeGreaterThanOrEqual(2000);
    expect(a2 - a1).toBeLessThan(5000);
    expect(a3 - a2).toBeGreaterThanOrEqual(6000);
    expect(a3 - a2).toBeLessThan(9000);
    expect(out.elapsedMs).toBeGreaterThanOrEqual(8000);
  });

  it('times out an activity that stops heartbeating', async () => {
    const out = await env.client.workflow.execute(heartbeatTimeout, { taskQueue, workflowId: id('hb') });
    expect(out).toMatch(/^ActivityFailure:TimeoutFailure:/);
  });

  it('delivers activity cancellation through heartbeats', async () => {
    const out = await env.client.workflow.execute(cancelViaHeartbeat, { taskQueue, workflowId: id('hbcancel') });
    expect(out).toBe('activity cancelled');
  });

  it('runs child workflows', async () => {
    const wid = id('parent');
    ids.add(`${wid}-child`);
    expect(await env.client.workflow.execute(parentWithChild, { taskQueue, workflowId: wid })).toBe(`child ${wid}-child done`);
  });

  it('carries state through continue-as-new', async () => {
    const handle = await env.client.workflow.start(continuer, { taskQueue, workflowId: id('can'), args: [0, 0, []] });
    expect(await handle.result()).toEqual([0, 1, 2, 3]);
  });

  it('reports cancellation and termination as the SDK error types', async () => {
    const h1 = await env.client.workflow.start(waitForever, { taskQueue, workflowId: id('cancel') });
    await h1.cancel();
    const e1 = await h1.result().catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(WorkflowFailedError);
    expect((e1 as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);

    const h2 = await env.client.workflow.start(waitForever, { taskQueue, workflowId: id('terminate') });
    await h2.terminate('enough');
    const e2 = await h2.result().catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(WorkflowFailedError);
    expect((e2 as WorkflowFailedError).cause).toBeInstanceOf(TerminatedFailure);
  });

  it('refuses a second start with the same workflow id', async () => {
    const wid = id('dup');
    await env.client.workflow.start(waitForever, { taskQueue, workflowId: wid });
    await expect(env.client.workflow.start(waitForever, { taskQueue, workflowId: wid })).rejects.toBeInstanceOf(
      WorkflowExecutionAlreadyStartedError,
    );
    await env.client.workflow.getHandle(wid).terminate();
  });

  it('signals with start: starts once, then signals the running workflow', async () => {
    const wid = id('sws');
    const h = await env.client.workflow.signalWithStart(counter, { taskQueue, workflowId: wid, args: [10], signal: incrementSignal, signalArgs: [1] });
    const h2 = await env.client.workflow.signalWithStart(counter, { taskQueue, workflowId: wid, args: [10], signal: incrementSignal, signalArgs: [2] });
    expect(h2.signaledRunId).toBe(h.signaledRunId);
    await h.signal(doneSignal);
    expect(await h.result()).toBe(13);
  });

  it('replays markers, local activities and patches', async () => {
    expect(await env.client.workflow.execute(mixed, { taskQueue, workflowId: id('mixed') })).toBe('ab');
  });

  it('moves the test clock with env.sleep', async () => {
    const before = await env.currentTimeMs();
    await env.sleep('2 days');
    const after = await env.currentTimeMs();
    expect(after - before).toBeGreaterThanOrEqual(2 * 24 * 3600 * 1000);
  });

  it('replays every history this suite produced without non-determinism', async () => {
    const { count, errors } = await replayAll(env.client, ids);
    expect(errors).toEqual([]);
    expect(count).toBeGreaterThanOrEqual(ids.size);
  });
});
