/**
 * Schedules, driven through the TypeScript SDK's `client.schedule` API: the spec language, the
 * workflows a schedule starts (on the advanced server clock), overlap policies, trigger, pause,
 * backfill, update, delete, and a schedule kept across a restart.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection, ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type ScheduleOptions } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { compileSpec, matchingTimes } from '../src/schedule-spec.ts';
import { start, type RunningServer } from '../src/index.ts';
import { durFromMs, tsFromMs } from '../src/proto.ts';
import * as activities from './activities.ts';
import { sleepMs, uid, WORKFLOWS } from './helpers.ts';
import { hello, sleeper } from './workflows/index.ts';

const HOUR = 3600_000;
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('schedule specs', () => {
  it('finds interval times (with phase), cron times and structured calendar times in UTC, within start and end', () => {
    const every90m = compileSpec({ interval: [{ interval: durFromMs(90 * 60_000), phase: durFromMs(15 * 60_000) }] });
    expect(matchingTimes(every90m, at('2027-01-01T00:00:00Z'), at('2027-01-01T04:00:00Z')).map(iso)).toEqual([
      '2027-01-01T00:15:00.000Z',
      '2027-01-01T01:45:00.000Z',
      '2027-01-01T03:15:00.000Z',
    ]);
    const cron = compileSpec({ cronString: ['0 9 * * 1-5'] });
    expect(iso(cron(at('2027-01-01T10:00:00Z')))).toBe('2027-01-04T09:00:00.000Z');
    // The 1st of each month at 08:30:15, on Mondays only (every field must match).
    const calendar = compileSpec({
      structuredCalendar: [{ second: [{ start: 15 }], minute: [{ start: 30 }], hour: [{ start: 8 }], dayOfMonth: [{ start: 1 }], month: [{ start: 1, end: 12 }], dayOfWeek: [{ start: 1 }] }],
    });
    expect(iso(calendar(at('2027-01-01T00:00:00Z')))).toBe('2027-02-01T08:30:15.000Z');
    const bounded = compileSpec({ interval: [{ interval: durFromMs(HOUR) }], startTime: tsFromMs(at('2027-01-01T05:30:00Z')), endTime: tsFromMs(at('2027-01-01T07:00:00Z')) });
    expect(matchingTimes(bounded, at('2027-01-01T00:00:00Z'), at('2027-01-02T00:00:00Z')).map(iso)).toEqual(['2027-01-01T06:00:00.000Z', '2027-01-01T07:00:00.000Z']);
  });

  it('refuses what is not a spec', () => {
    expect(() => compileSpec({ cronString: ['every day'] })).toThrow(/Invalid cron string/);
    expect(() => compileSpec({ interval: [{ interval: durFromMs(10) }] })).toThrow(/at least one second/);
    expect(() => compileSpec({ cronString: ['0 9 * * *'], timezoneName: 'Europe/Paris' })).toThrow(/UTC only/);
  });
});

describe('schedules on the server', () => {
  let server: RunningServer;
  let connection: Connection;
  let client: Client;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = uid('sched');

  beforeAll(async () => {
    server = await start({ port: 0 });
    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection });
    worker = await Worker.create({ connection: await NativeConnection.connect({ address: server.address }), taskQueue, workflowsPath: WORKFLOWS, activities });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await connection?.close();
    await server?.stop();
  });

  /** Move the server clock to just past the next whole hour, so interval times are predictable. */
  async function toNextHour(): Promise<number> {
    const now = server.now();
    const next = Math.floor(now / HOUR) * HOUR + HOUR;
    await server.advanceClock(next - now + 1000);
    return next;
  }

  async function waitFor(cond: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!(await cond())) {
      if (Date.now() > end) throw new Error('condition not reached in time');
      await sleepMs(50);
    }
  }

  it('starts its workflow at each interval time, named after the time, and describes and lists it', { timeout: 120_000 }, async () => {
    const hour0 = await toNextHour();
    const scheduleId = uid('hourly');
    const workflowId = uid('hourly-wf');
    const handle = await client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: '1h' }] },
      action: { type: 'startWorkflow', workflowType: hello, workflowId, args: ['schedule'], taskQueue },
      memo: { owner: 'ops' },
    });
    const before = await handle.describe();
    expect(before.info.numActionsTaken).toBe(0);
    expect(before.info.nextActionTimes[0]!.getTime()).toBe(hour0 + HOUR);
    expect(before.memo).toEqual({ owner: 'ops' });

    await server.advanceClock(3 * HOUR);
    await waitFor(async () => (await handle.describe()).info.runningActions.length === 0);
    const desc = await handle.describe();
    expect(desc.info.numActionsTaken).toBe(3);
    const expectedIds = [1, 2, 3].map((h) => `${workflowId}-${new Date(hour0 + h * HOUR).toISOString().replace('.000Z', 'Z')}`);
    expect(desc.info.recentActions.map((a) => a.action.workflow.workflowId)).toEqual(expectedIds);
    expect(desc.info.recentActions.map((a) => a.scheduledAt.getTime())).toEqual([1, 2, 3].map((h) => hour0 + h * HOUR));
    for (const wid of expectedIds) expect(await client.workflow.getHandle(wid).result()).toBe('Hello, schedule!');
    const started = await client.workflow.getHandle(expectedIds[0]!).describe();
    expect(started.searchAttributes.TemporalScheduledById).toEqual([scheduleId]);

    const listed = [];
    for await (const s of client.schedule.list()) listed.push(s.scheduleId);
    expect(listed).toContain(scheduleId);
    const times = await connection.workflowService.listScheduleMatchingTimes({
      namespace: 'default',
      scheduleId,
      startTime: tsFromMs(hour0),
      endTime: tsFromMs(hour0 + 2 * HOUR),
    });
    expect(times.startTime!.map((t) => Number(t.seconds) * 1000)).toEqual([hour0, hour0 + HOUR, hour0 + 2 * HOUR]);

    await handle.delete();
    await expect(handle.describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  });

  it('refuses a second schedule with the same id', async () => {
    const scheduleId = uid('dup');
    const opts: ScheduleOptions = { scheduleId, spec: { intervals: [{ every: '1h' }] }, action: { type: 'startWorkflow', workflowType: hello, args: ['x'], taskQueue }, state: { paused: true } };
    const handle = await client.schedule.create(opts);
    await expect(client.schedule.create(opts)).rejects.toBeInstanceOf(ScheduleAlreadyRunning);
    await handle.delete();
  });

  it('skips a time while its last workflow still runs (SKIP), starts anyway (ALLOW_ALL) or when it closes (BUFFER_ONE)', { timeout: 120_000 }, async () => {
    const hour0 = await toNextHour();
    const action: ScheduleOptions['action'] = { type: 'startWorkflow', workflowType: sleeper, args: [90 * 60_000], taskQueue };
    const skip = await client.schedule.create({ scheduleId: uid('skip'), spec: { intervals: [{ every: '1h' }] }, action });
    const all = await client.schedule.create({ scheduleId: uid('all'), spec: { intervals: [{ every: '1h' }] }, action, policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL } });
    const buffer = await client.schedule.create({ scheduleId: uid('buffer'), spec: { intervals: [{ every: '1h' }] }, action, policies: { overlap: ScheduleOverlapPolicy.BUFFER_ONE } });
    // Hours 1, 2, 3: each workflow sleeps 90 minutes.
    await server.advanceClock(3 * HOUR);
    const s = await skip.describe();
    expect(s.info.numActionsTaken).toBe(2);
    expect(s.info.numActionsSkippedOverlap).toBe(1);
    const a = await all.describe();
    expect(a.info.numActionsTaken).toBe(3);
    expect(a.info.runningActions.length).toBeGreaterThanOrEqual(1);
    // Hour 1 runs until 2:30; hour 2 waits for it; hour 3 waits behind hour 2's run.
    const b = await buffer.describe();
    expect(b.info.numActionsTaken).toBe(2);
    expect(b.info.recentActions.map((r) => r.scheduledAt.getTime())).toEqual([hour0 + HOUR, hour0 + 2 * HOUR]);
    expect(b.info.recentActions[1]!.takenAt.getTime()).toBeGreaterThanOrEqual(hour0 + 2.5 * HOUR);
    for (const h of [skip, all, buffer]) await h.delete();
  });

  it('is triggered now, paused and unpaused with notes, backfilled, and updated', { timeout: 120_000 }, async () => {
    const workflowId = uid('manual-wf');
    const handle = await client.schedule.create({
      scheduleId: uid('manual'),
      spec: { intervals: [{ every: '1m' }] },
      action: { type: 'startWorkflow', workflowType: hello, workflowId, args: ['one'], taskQueue },
      state: { paused: true, note: 'created paused' },
    });
    expect((await handle.describe()).state).toMatchObject({ paused: true, note: 'created paused' });

    await handle.trigger();
    await waitFor(async () => (await handle.describe()).info.numActionsTaken === 1);
    const triggered = (await handle.describe()).info.recentActions[0]!.action.workflow.workflowId;
    expect(await client.workflow.getHandle(triggered).result()).toBe('Hello, one!');

    const now = server.now();
    const minute = Math.floor(now / 60_000) * 60_000;
    await handle.backfill([{ start: new Date(minute - 10 * 60_000), end: new Date(minute - 8 * 60_000), overlap: ScheduleOverlapPolicy.ALLOW_ALL }]);
    const back = await handle.describe();
    expect(back.info.numActionsTaken).toBe(4);
    expect(back.info.recentActions.slice(1).map((a) => a.scheduledAt.getTime())).toEqual([10, 9, 8].map((m) => minute - m * 60_000));

    await handle.unpause('back on');
    expect((await handle.describe()).state).toMatchObject({ paused: false, note: 'back on' });
    await handle.pause('off again');
    expect((await handle.describe()).state).toMatchObject({ paused: true, note: 'off again' });

    await handle.update((prev) => ({ ...prev, action: { ...prev.action, args: ['two'] } as typeof prev.action }));
    await handle.trigger();
    await waitFor(async () => (await handle.describe()).info.numActionsTaken === 5);
    const last = (await handle.describe()).info.recentActions.at(-1)!.action.workflow.workflowId;
    expect(await client.workflow.getHandle(last).result()).toBe('Hello, two!');
    await handle.delete();
  });
});

describe('a schedule across a restart', () => {
  it('is still there, with its counters, and goes on starting its workflow', { timeout: 120_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tds-schedules-'));
    const taskQueue = uid('sched-restart');
    const scheduleId = uid('kept');
    const s1 = await start({ dataDir });
    const c1 = await Connection.connect({ address: s1.address });
    const client1 = new Client({ connection: c1 });
    const h1 = await client1.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: '1h' }] },
      action: { type: 'startWorkflow', workflowType: hello, args: ['kept'], taskQueue },
      // No worker runs before the restart: the triggered workflow is still open at the next time.
      policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL },
    });
    await h1.trigger();
    await c1.close();
    await s1.stop();

    const s2 = await start({ dataDir });
    const c2 = await Connection.connect({ address: s2.address });
    try {
      const client2 = new Client({ connection: c2 });
      const h2 = client2.schedule.getHandle(scheduleId);
      expect((await h2.describe()).info.numActionsTaken).toBe(1);
      await s2.advanceClock(HOUR + 1000);
      const desc = await h2.describe();
      expect(desc.info.numActionsTaken).toBe(2);
      const w = await Worker.create({ connection: await NativeConnection.connect({ address: s2.address }), taskQueue, workflowsPath: WORKFLOWS, activities });
      const results = desc.info.recentActions.map((a) => client2.workflow.getHandle(a.action.workflow.workflowId).result());
      expect(await w.runUntil(Promise.all(results))).toEqual(['Hello, kept!', 'Hello, kept!']);
    } finally {
      await c2.close();
      await s2.stop();
    }
  });

  it('takes the last time missed while the server was stopped, once', { timeout: 120_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tds-schedules-'));
    const scheduleId = uid('missed');
    const s1 = await start({ dataDir });
    const now = s1.now();
    const hour0 = Math.floor(now / HOUR) * HOUR + HOUR;
    await s1.advanceClock(hour0 - now + 1000);
    const c1 = await Connection.connect({ address: s1.address });
    await new Client({ connection: c1 }).schedule.create({
      scheduleId,
      spec: { intervals: [{ every: '1h' }] },
      action: { type: 'startWorkflow', workflowType: hello, args: ['missed'], taskQueue: uid('missed') },
      policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL },
    });
    await c1.close();
    await s1.stop();
    // Two and a half hours of downtime: the saved clock says so (hours 1 and 2 are missed).
    fs.appendFileSync(path.join(dataDir, 'temporal-dev-server.journal'), JSON.stringify({ t: 'clock', now: hour0 + 2.5 * HOUR, real: Date.now() }) + '\n');

    const s2 = await start({ dataDir });
    const c2 = await Connection.connect({ address: s2.address });
    try {
      const h2 = new Client({ connection: c2 }).schedule.getHandle(scheduleId);
      const after = await h2.describe();
      expect(after.info.recentActions.map((a) => a.scheduledAt.getTime())).toEqual([hour0 + 2 * HOUR]);
      await s2.advanceClock(HOUR);
      const later = await h2.describe();
      expect(later.info.recentActions.map((a) => a.scheduledAt.getTime())).toEqual([hour0 + 2 * HOUR, hour0 + 3 * HOUR]);
    } finally {
      await c2.close();
      await s2.stop();
    }
  });
});
