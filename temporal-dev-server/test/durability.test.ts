/**
 * The server keeps every workflow across a SIGKILL: it is started as a separate process on a
 * journal file (`--db-filename`, as the real CLI), killed with SIGKILL, and started again on the
 * same file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { connectClock, start } from '../src/index.ts';
import * as activities from './activities.ts';
import { BIN, replayAll, sleepMs, uid, WORKFLOWS } from './helpers.ts';
import { counter, doneSignal, incrementSignal, monthly, sleeper } from './workflows/index.ts';

const DAY = 24 * 3600 * 1000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

interface Spawned {
  proc: ChildProcess;
  address: string;
  connection: Connection;
  client: Client;
}

const spawned: Spawned[] = [];

async function spawnServer(dbFile: string): Promise<Spawned> {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const proc = spawn(process.execPath, [BIN, 'server', 'start-dev', '--port', String(port), '--db-filename', dbFile, '--headless'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      const s = { proc, address, connection, client: new Client({ connection }) };
      spawned.push(s);
      return s;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleepMs(100);
    }
  }
}

async function kill9(s: Spawned): Promise<void> {
  const exited = new Promise((r) => s.proc.once('exit', r));
  s.proc.kill('SIGKILL');
  await exited;
  await s.connection.close().catch(() => undefined);
}

function worker(address: string, taskQueue: string): Promise<Worker> {
  return NativeConnection.connect({ address }).then((connection) =>
    Worker.create({ connection, taskQueue, workflowsPath: WORKFLOWS, activities, stickyQueueScheduleToStartTimeout: '1s' }),
  );
}

const EventType = temporal.api.enums.v1.EventType;

async function eventTypes(client: Client, workflowId: string): Promise<number[]> {
  const h = await client.workflow.getHandle(workflowId).fetchHistory();
  return (h.events ?? []).map((e) => Number(e.eventType));
}

afterAll(async () => {
  for (const s of spawned) {
    s.proc.kill('SIGKILL');
    await s.connection.close().catch(() => undefined);
  }
});

describe('durability (--db-filename)', () => {
  it('resumes every workflow after a SIGKILL: sleeping, waiting on a signal, a timer due during the downtime, a year of monthly work', { timeout: 300_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tds-durable-'));
    const dbFile = path.join(dir, 'temporal.db');
    const taskQueue = uid('durable');
    const ids = { monthly: uid('monthly'), waiting: uid('waiting'), due: uid('due') };

    const s1 = await spawnServer(dbFile);
    const w1 = await worker(s1.address, taskQueue);
    const clock1 = connectClock(s1.address);
    await w1.runUntil(async () => {
      await s1.client.workflow.start(monthly, { taskQueue, workflowId: ids.monthly, args: [12] });
      const waiting = await s1.client.workflow.start(counter, { taskQueue, workflowId: ids.waiting, args: [0] });
      await waiting.signal(incrementSignal, 2);
      // Two months of the monthly work happen before the crash.
      await clock1.advance(65 * DAY);
      await s1.client.workflow.start(sleeper, { taskQueue, workflowId: ids.due, args: [3000] });
      await waitFor(async () => (await eventTypes(s1.client, ids.due)).includes(EventType.EVENT_TYPE_TIMER_STARTED));
      await waitFor(async () => (await eventTypes(s1.client, ids.monthly)).filter((t) => t === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED).length === 2);
      await waitFor(async () => (await s1.client.workflow.getHandle(ids.waiting).query('count')) === 2);
    });
    clock1.close();
    // The worker's shutdown must not take the poll timeout (its polls are answered at once), so
    // the 3 s timer of `due` is still pending when the server is killed.
    expect(await eventTypes(s1.client, ids.due)).not.toContain(EventType.EVENT_TYPE_TIMER_FIRED);
    expect((await s1.client.workflow.getHandle(ids.due).describe()).status.name).toBe('RUNNING');

    await kill9(s1);
    // The 3 s timer of `due` falls due while the server is down.
    await sleepMs(3500);

    const s2 = await spawnServer(dbFile);
    const w2 = await worker(s2.address, taskQueue);
    const clock2 = connectClock(s2.address);
    const results = await w2.runUntil(async () => {
      const due = await s2.client.workflow.getHandle(ids.due).result();
      const waiting = s2.client.workflow.getHandle(ids.waiting);
      await waiting.signal(incrementSignal, 5);
      await waiting.signal(doneSignal);
      const count = await waiting.result();
      // Read before the clock moves a year on: by then the namespace's retention (7 days) has
      // deleted these closed runs, as a real cluster would.
      const dueEvents = await eventTypes(s2.client, ids.due);
      const { errors: replayErrors } = await replayAll(s2.client, [ids.due, ids.waiting]);
      await clock2.advance(330 * DAY);
      const months = (await s2.client.workflow.getHandle(ids.monthly).result()) as number[];
      return { due, count, dueEvents, replayErrors, months };
    });
    clock2.close();

    expect(results.due).toBeGreaterThanOrEqual(3000);
    expect(results.count).toBe(7);
    expect(results.dueEvents.filter((t) => t === EventType.EVENT_TYPE_TIMER_FIRED)).toHaveLength(1);
    expect(results.replayErrors).toEqual([]);
    // Twelve occurrences, each once, thirty days apart.
    expect(results.months).toHaveLength(12);
    expect(new Set(results.months).size).toBe(12);
    const monthlyEvents = await eventTypes(s2.client, ids.monthly);
    expect(monthlyEvents.filter((t) => t === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)).toHaveLength(12);
    expect(monthlyEvents.filter((t) => t === EventType.EVENT_TYPE_TIMER_FIRED)).toHaveLength(12);

    const { errors } = await replayAll(s2.client, [ids.monthly]);
    expect(errors).toEqual([]);
    await kill9(s2);
  });

  it('keeps namespaces, search attributes and finished runs across a stop and start in process, and deletes runs past retention', { timeout: 180_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tds-datadir-'));
    const s1 = await start({ dataDir, searchAttributes: { ClientId: 'Keyword' } });
    const c1 = await Connection.connect({ address: s1.address });
    const client1 = new Client({ connection: c1 });
    const taskQueue = uid('retention');
    const w = await worker(s1.address, taskQueue);
    const workflowId = uid('done');
    await w.runUntil(client1.workflow.execute(sleeper, { taskQueue, workflowId, args: [10], searchAttributes: { ClientId: ['c-1'] } }));
    await c1.close();
    await s1.stop();

    const s2 = await start({ dataDir });
    const c2 = await Connection.connect({ address: s2.address });
    const client2 = new Client({ connection: c2 });
    const found = [];
    for await (const wf of client2.workflow.list({ query: `ClientId = 'c-1'` })) found.push(wf.workflowId);
    expect(found).toEqual([workflowId]);
    expect(await client2.workflow.getHandle(workflowId).result()).toBeGreaterThanOrEqual(10);

    // Seven days later (the default retention) the finished run is gone, from disk too.
    await s2.advanceClock(7 * DAY + 60_000);
    await c2.close();
    await s2.stop();
    const s3 = await start({ dataDir });
    const c3 = await Connection.connect({ address: s3.address });
    try {
      await s3.advanceClock(0);
      const client3 = new Client({ connection: c3 });
      await expect(client3.workflow.getHandle(workflowId).describe()).rejects.toThrow(/not found/i);
    } finally {
      await c3.close();
      await s3.stop();
    }
  });
});

async function waitFor(cond: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await sleepMs(50);
  }
}
