/**
 * The SDK's local environment (Temporal CLI form of the executable): real time, search
 * attributes, visibility, parent-close policies, external signals/cancels, the clock control.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure, defineSearchAttributeKey, SearchAttributeType, TerminatedFailure } from '@temporalio/common';
import * as activities from './activities.ts';
import { connectClock } from '../src/index.ts';
import { replayAll, serverExecutable, sleepMs, uid, WORKFLOWS } from './helpers.ts';
import type {
  foreverChild} from './workflows/index.ts';
import {
  cancelExternal,
  counter,
  countQuery,
  doneSignal,
  hello,
  parentClosePolicy,
  searchable,
  signalExternal,
  sleeper,
  waitForever,
} from './workflows/index.ts';

const CustomerId = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);
const Amount = defineSearchAttributeKey('Amount', SearchAttributeType.DOUBLE);
const Tags = defineSearchAttributeKey('Tags', SearchAttributeType.KEYWORD_LIST);
const Note = defineSearchAttributeKey('Note', SearchAttributeType.TEXT);
const Priority = defineSearchAttributeKey('Priority', SearchAttributeType.INT);
const Urgent = defineSearchAttributeKey('Urgent', SearchAttributeType.BOOL);
const DueAt = defineSearchAttributeKey('DueAt', SearchAttributeType.DATETIME);

describe('local environment (CLI form)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = uid('local');
  const ids = new Set<string>();
  const id = (p: string): string => {
    const v = uid(p);
    ids.add(v);
    return v;
  };

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createLocal({
      server: { executable: serverExecutable, searchAttributes: [CustomerId, Amount, Tags, Note, Priority, Urgent, DueAt] },
    });
    worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: WORKFLOWS, activities });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  it('runs workflows in real time', async () => {
    expect(await env.client.workflow.execute(hello, { taskQueue, workflowId: id('hello'), args: ['dev'] })).toBe('Hello, dev!');
  });

  it('registers the search attributes given on the command line', async () => {
    const res = await env.connection.operatorService.listSearchAttributes({ namespace: 'default' });
    expect(Object.keys(res.customAttributes ?? {})).toEqual(expect.arrayContaining(['CustomerId', 'Amount', 'Tags', 'Note', 'Priority', 'Urgent', 'DueAt']));
  });

  it('lists and counts workflows by custom search attributes', async () => {
    const tag = uid('tag');
    const w1 = id('sa');
    const w2 = id('sa');
    const w3 = id('sa');
    await env.client.workflow.start(waitForever, {
      taskQueue,
      workflowId: w1,
      typedSearchAttributes: [
        { key: CustomerId, value: 'acme' },
        { key: Amount, value: 120.5 },
        { key: Tags, value: [tag, 'vip'] },
        { key: Note, value: 'annual accounts review' },
        { key: Priority, value: 3 },
        { key: Urgent, value: true },
        { key: DueAt, value: new Date('2027-01-31T00:00:00Z') },
      ],
    });
    await env.client.workflow.start(waitForever, {
      taskQueue,
      workflowId: w2,
      typedSearchAttributes: [
        { key: CustomerId, value: 'globex' },
        { key: Amount, value: 40 },
        { key: Tags, value: [tag] },
        { key: Priority, value: 1 },
        { key: Urgent, value: false },
        { key: DueAt, value: new Date('2026-06-30T00:00:00Z') },
      ],
    });
    // Upserted from inside the workflow.
    const h3 = await env.client.workflow.start(searchable, { taskQueue, workflowId: w3, args: ['initech', 75, [tag, 'upserted']] });
    await waitUntil(async () => (await env.client.workflow.count(`Tags = 'upserted' AND Tags = '${tag}'`)).count === 1);

    const list = async (q: string): Promise<string[]> => {
      const out: string[] = [];
      for await (const wf of env.client.workflow.list({ query: q })) out.push(wf.workflowId);
      return out;
    };
    expect((await env.client.workflow.count(`Tags = '${tag}'`)).count).toBe(3);
    expect(await list(`Tags = '${tag}' AND CustomerId = 'acme'`)).toEqual([w1]);
    expect((await list(`Tags = '${tag}' AND CustomerId != 'acme'`)).sort()).toEqual([w2, w3].sort());
    expect(await list(`Tags = '${tag}' AND Amount > 50 AND Amount < 100`)).toEqual([w3]);
    expect((await list(`Tags = '${tag}' AND CustomerId IN ('acme', 'globex')`)).sort()).toEqual([w1, w2].sort());
    expect(await list(`Tags = '${tag}' AND Amount BETWEEN 100 AND 200`)).toEqual([w1]);
    expect(await list(`Tags = '${tag}' AND (Priority = 1 OR Note = 'review')`)).toEqual(expect.arrayContaining([w1, w2]));
    expect(await list(`Tags = '${tag}' AND Urgent = true`)).toEqual([w1]);
    expect(await list(`Tags = '${tag}' AND DueAt < '2027-01-01T00:00:00Z'`)).toEqual([w2]);
    expect(await list(`Tags = '${tag}' ORDER BY Amount ASC`)).toEqual([w2, w3, w1]);
    expect(await list(`Tags = '${tag}' AND WorkflowType = 'searchable'`)).toEqual([w3]);
    expect(await list(`Tags = '${tag}' AND ExecutionStatus = 'Running' AND StartTime > '2000-01-01T00:00:00Z'`)).toHaveLength(3);

    // Typed search attributes come back on describe.
    const desc = await env.client.workflow.getHandle(w1).describe();
    expect(desc.typedSearchAttributes.get(CustomerId)).toBe('acme');
    expect(desc.typedSearchAttributes.get(Tags)).toEqual([tag, 'vip']);

    // Memo upserted from inside the workflow (modify workflow properties).
    expect((await h3.describe()).memo).toEqual({ stage: 'upserted', customer: 'initech' });

    await env.client.workflow.getHandle(w1).terminate();
    expect((await env.client.workflow.count(`Tags = '${tag}' AND ExecutionStatus = 'Terminated'`)).count).toBe(1);
    expect(await list(`Tags = '${tag}' AND CloseTime > '2000-01-01T00:00:00Z'`)).toEqual([w1]);
    await env.client.workflow.getHandle(w2).terminate();
    await h3.terminate();
  });

  for (const policy of ['TERMINATE', 'ABANDON', 'REQUEST_CANCEL'] as const) {
    it(`applies parent-close policy ${policy} to a running child`, async () => {
      const wid = id(`pcp-${policy.toLowerCase()}`);
      ids.add(`${wid}-child`);
      const childId = await env.client.workflow.execute(parentClosePolicy, { taskQueue, workflowId: wid, args: [policy] });
      const child = env.client.workflow.getHandle<typeof foreverChild>(childId);
      if (policy === 'ABANDON') {
        await sleepMs(300);
        expect((await child.describe()).status.name).toBe('RUNNING');
        await child.terminate();
        return;
      }
      const err = await child.result().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      expect((err as WorkflowFailedError).cause).toBeInstanceOf(policy === 'TERMINATE' ? TerminatedFailure : CancelledFailure);
    });
  }

  it('signals and cancels external workflows', async () => {
    const target = await env.client.workflow.start(counter, { taskQueue, workflowId: id('ext-target') });
    await env.client.workflow.execute(signalExternal, { taskQueue, workflowId: id('ext-signal'), args: [target.workflowId] });
    expect(await target.query(countQuery)).toBe(5);
    await target.signal(doneSignal);
    expect(await target.result()).toBe(5);

    const victim = await env.client.workflow.start(waitForever, { taskQueue, workflowId: id('ext-victim') });
    await env.client.workflow.execute(cancelExternal, { taskQueue, workflowId: id('ext-cancel'), args: [victim.workflowId] });
    const err = await victim.result().catch((e: unknown) => e);
    expect((err as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
  });

  it('advances the clock through the TestService Sleep call (no time skipping in CLI form)', async () => {
    const day = 24 * 3600 * 1000;
    const handle = await env.client.workflow.start(sleeper, { taskQueue, workflowId: id('advance'), args: [30 * day] });
    await sleepMs(200);
    const clock = connectClock(env.address);
    try {
      const before = await clock.now();
      const started = Date.now();
      const after = await clock.advance(31 * day);
      const slept = await handle.result();
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(slept).toBeGreaterThanOrEqual(30 * day);
      expect(after - before).toBeGreaterThanOrEqual(31 * day);
    } finally {
      clock.close();
    }
  });

  it('describes task queues with their pollers', async () => {
    const res = await env.client.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: taskQueue },
      taskQueueType: 1,
    });
    expect(res.pollers?.length ?? 0).toBeGreaterThan(0);
  });

  it('replays every history this suite produced without non-determinism', async () => {
    const { count, errors } = await replayAll(env.client, ids);
    expect(errors).toEqual([]);
    expect(count).toBeGreaterThan(0);
  });
});

async function waitUntil(fn: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await fn()) return;
    await sleepMs(50);
  }
  throw new Error('condition not met in time');
}
