/**
 * `npm run bench:engine -- --missions N` (default 1,000): the occurrence engine measured from
 * outside, on the stack production runs: PostgreSQL, the project's Temporal server in CLI form
 * (its time-skipping clock moved by this script), and the service's API and worker as two
 * processes (`RUN_WORKER=false` / `RUN_API=false`).
 *
 * 1. N clients; through the REST API, N missions (a monthly VAT request and a quarterly task, all
 *    of 2027) created, validated and signed ten at a time: missions/s, p50/p99 of `validate` and
 *    `sign` (workflow updates) beside `POST /clients` in the same run.
 * 2. The server clock skips to 2028-01-05: the year's 16 × N occurrences (32 × N rows with their
 *    tasks and requests) are created by the workflows; occurrences/s.
 * 3. Exactly-once checks: every mission has its 12 requests and 4 tasks, no deadline twice.
 * 4. Baseline in the same run: the same rows inserted again, one transaction per occurrence,
 *    into copies of the tables; the ratio of the engine's rate to it.
 * 5. Peak RSS of the Temporal server, the worker and the API.
 *
 * `BENCH_ENGINE_COMMANDS_ONLY=1` stops after step 1 (to profile the updates alone);
 * `BENCH_CPU_PROFILE_DIR=dir` writes a V8 CPU profile of each process, the Temporal server's too.
 */
import { Connection, InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection.js';
import { msToTs } from '@temporalio/common/lib/time.js';
import postgres from 'postgres';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/client.ts';
import { parisInstant } from '../domain/calendar/paris-time.ts';
import { searchAttributes } from '../temporal.config.ts';
import { spawn } from 'node:child_process';
import { seedBenchFirm } from './support/seed-bench.ts';
import { cpuProfileFlags, cpuSeconds, createBenchDatabase, freePort, inParallel, loadAverage, percentile, projectRoot, round, startService, trackPeakRss } from './support/measure.ts';

const { values: args } = parseArgs({ options: { missions: { type: 'string', default: process.env.BENCH_MISSIONS ?? '1000' }, concurrency: { type: 'string', default: '10' } } });
const missionCount = Number(args.missions);
const concurrency = Number(args.concurrency);
/** The worker's V8 old-space limit in MiB (`BENCH_WORKER_HEAP_MB`, default 384; `0` = V8's default). */
const workerHeapMiB = Number(process.env.BENCH_WORKER_HEAP_MB ?? 384);
const requestsPerMission = 12;
const tasksPerMission = 4;
const occurrencesPerMission = requestsPerMission + tasksPerMission;

const bench = await createBenchDatabase('echeance_bench_engine');
const [temporalPort, apiPort] = [await freePort(), await freePort()];
const commandsOnly = process.env.BENCH_ENGINE_COMMANDS_ONLY === '1';
class StopAfterCommands extends Error {}
const temporalServer = spawn(process.execPath, [...cpuProfileFlags(), 'temporal-dev-server/bin/temporal-dev-server.mjs', String(temporalPort)], { cwd: projectRoot, stdio: 'inherit' });
const serverRss = trackPeakRss(temporalServer.pid!);
const stops: Array<() => Promise<unknown>> = [
  async () => {
    serverRss.stop();
    if (temporalServer.exitCode !== null || temporalServer.signalCode !== null) return;
    // Waited for, so that a CPU profile is written before the bench exits.
    const exited = new Promise((resolve) => temporalServer.once('exit', resolve));
    temporalServer.kill('SIGTERM');
    await exited;
  },
];
let failed = false;
try {
  // --- Set-up: database, organisation, catalogue, clients, the Temporal server.
  const database = await openDatabase({ url: bench.url, max: 4 });
  stops.unshift(() => database.close());
  await database.migrate();
  const { token, firmId, vat, review, seedClient } = await seedBenchFirm(database.db);
  const clientIds: string[] = [];
  await inParallel(
    Array.from({ length: missionCount }, (_, i) => i),
    4,
    async (i) => {
      clientIds[i] = (await seedClient(i)).id;
    },
  );

  const connection = await connectWithRetry(`127.0.0.1:${temporalPort}`);
  stops.unshift(() => connection.close());
  await connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: Object.fromEntries(Object.keys(searchAttributes).map((name) => [name, 2 /* KEYWORD */])),
  });

  // --- The service: worker and API as two processes against that server and database.
  const common = { NODE_ENV: 'production', DATABASE_URL: bench.url, TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`, LOG_LEVEL: 'info', TZ: 'UTC', TEMPORAL_UI_PORT: 'off' };
  // The worker runs with the old-space limit recommended for a worker process (README, "Where the
  // engine's time goes"): V8 otherwise lets a busy heap grow towards a quarter of the machine's memory.
  const worker = startService('worker', { ...common, RUN_API: 'false' }, workerHeapMiB ? [`--max-old-space-size=${workerHeapMiB}`] : []);
  stops.unshift(() => worker.stop());
  const api = startService('api', { ...common, RUN_WORKER: 'false', PORT: String(apiPort), HOST: '127.0.0.1' });
  stops.unshift(() => api.stop());
  await Promise.all([worker.logged('worker running'), api.logged('API listening')]);

  const call = async (method: string, path: string, body?: unknown) => {
    const started = performance.now();
    const res = await fetch(`http://127.0.0.1:${apiPort}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
    return { json, ms: performance.now() - started };
  };

  // --- 1. Commands: create + validate + sign, ten at a time; client creates as the baseline.
  const clientCreateMs: number[] = [];
  await inParallel(
    Array.from({ length: 200 }, (_, i) => i),
    concurrency,
    async (i) => {
      clientCreateMs.push((await call('POST', '/clients', { kind: 'individual', name: `Témoin Référence ${i}`, firmId })).ms);
    },
  );
  const validateMs: number[] = [];
  const signMs: number[] = [];
  const missionIds: string[] = [];
  const processes = { worker: worker.child.pid!, 'Temporal server': temporalServer.pid!, API: api.child.pid! };
  const cpuNow = () => Object.fromEntries(Object.entries(processes).map(([name, pid]) => [name, cpuSeconds(pid)]));
  const cpuPer = (before: Record<string, number>, count: number) =>
    Object.entries(processes).map(([name, pid]) => `${name} ${round((1000 * (cpuSeconds(pid) - before[name]!)) / Math.max(1, count), 1)} ms`);
  const commandsCpuBefore = cpuNow();
  const commandsStarted = performance.now();
  await inParallel(clientIds, concurrency, async (clientId, i) => {
    const created = await call('POST', '/missions', {
      clientId,
      name: 'TVA et révision 2027',
      startDate: '2027-01-01',
      endDate: '2027-12-31',
      lines: [
        { serviceId: vat.id, frequency: 'monthly', deadlineRule: { kind: 'day-of-month', day: 30 }, leadTimeDays: 10 },
        { serviceId: review.id, frequency: 'quarterly', deadlineRule: { kind: 'end-of-period' } },
      ],
    });
    const id = created.json.id as string;
    missionIds[i] = id;
    validateMs.push((await call('POST', `/missions/${id}/validate`, {})).ms);
    signMs.push((await call('POST', `/missions/${id}/sign`, { signer: 'Claire Martin' })).ms);
  });
  const commandsSeconds = (performance.now() - commandsStarted) / 1000;
  const commandsCpu = cpuPer(commandsCpuBefore, missionCount);
  const ms = (values: number[]) => `p50 ${Math.round(percentile(values, 50))} ms, p99 ${Math.round(percentile(values, 99))} ms`;
  const commandLines = [
    `missions: ${missionCount}; worker heap limit ${workerHeapMiB ? `${workerHeapMiB} MiB` : 'V8 default'}; load average after the commands: ${loadAverage()}`,
    `create + validate + sign, ${concurrency} at a time: ${round(missionCount / commandsSeconds)} missions/s (target ≥ 30)`,
    `validate (workflow update): ${ms(validateMs)} (target p50 ≤ 100 ms, p99 ≤ 300 ms)`,
    `sign (workflow update): ${ms(signMs)}`,
    `baseline POST /clients in the same run: ${ms(clientCreateMs)}`,
    `CPU per mission (create + validate + sign): ${commandsCpu.join(', ')}`,
  ];
  if (commandsOnly) {
    console.log(commandLines.join('\n'));
    throw new StopAfterCommands();
  }

  // --- 2. The year, time-skipped.
  const sql = postgres(bench.url, { max: 2, onnotice: () => {} });
  stops.unshift(() => sql.end());
  const countOccurrences = async () => Number((await sql`SELECT count(*)::int AS n FROM occurrences`)[0]!.n);
  const expected = occurrencesPerMission * missionCount;
  // CPU of each process over the year: steadier than wall time on a shared machine.
  const cpuBefore = cpuNow();
  const yearStarted = performance.now();
  const { time } = await connection.testService!.getCurrentTime({});
  const now = Number(time?.seconds ?? 0) * 1000;
  await connection.testService!.unlockTimeSkippingWithSleep({ duration: msToTs(new Date(parisInstant('2028-01-05')).getTime() - now) });
  let seen = await countOccurrences();
  let lastChange = performance.now();
  // Between two creation dates the engine sends reminders and overdue emails (N of each at once):
  // give up only after five minutes without a new occurrence.
  while (seen < expected && performance.now() - lastChange < 300_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const current = await countOccurrences();
    if (current !== seen) [seen, lastChange] = [current, performance.now()];
  }
  const yearSeconds = (performance.now() - yearStarted) / 1000;
  const yearCpu = cpuPer(cpuBefore, seen);
  const engineRate = seen / yearSeconds;

  // --- 3. Exactly once.
  const [perMission] = await sql`
    SELECT
      count(*) FILTER (WHERE requests <> ${requestsPerMission})::int AS wrong_requests,
      count(*) FILTER (WHERE tasks <> ${tasksPerMission})::int AS wrong_tasks
    FROM (
      SELECT m.id,
        (SELECT count(*) FROM information_requests r WHERE r.mission_id = m.id) AS requests,
        (SELECT count(*) FROM tasks t WHERE t.mission_id = m.id) AS tasks
      FROM missions m WHERE m.id = ANY(${missionIds}::uuid[])
    ) counts`;
  const [twice] = await sql`SELECT count(*)::int AS n FROM (SELECT mission_line_id, deadline FROM occurrences GROUP BY 1, 2 HAVING count(*) > 1) d`;
  const exactlyOnce = seen === expected && perMission!.wrong_requests === 0 && perMission!.wrong_tasks === 0 && twice!.n === 0;

  // --- 4. Baseline: the same rows, one transaction per occurrence, into copies of the tables.
  await sql`CREATE TABLE bench_occurrences (LIKE occurrences INCLUDING ALL)`;
  await sql`CREATE TABLE bench_tasks (LIKE tasks INCLUDING ALL)`;
  await sql`CREATE TABLE bench_information_requests (LIKE information_requests INCLUDING ALL)`;
  const occurrenceRows = await sql`SELECT * FROM occurrences`;
  const taskRows = new Map((await sql`SELECT * FROM tasks WHERE occurrence_id IS NOT NULL`).map((row) => [row.occurrence_id as string, row]));
  const requestRows = new Map((await sql`SELECT * FROM information_requests WHERE occurrence_id IS NOT NULL`).map((row) => [row.occurrence_id as string, row]));
  const baselineStarted = performance.now();
  for (const occurrence of occurrenceRows) {
    await sql.begin(async (tx) => {
      await tx`INSERT INTO bench_occurrences ${tx(occurrence)}`;
      const task = taskRows.get(occurrence.id as string);
      if (task) await tx`INSERT INTO bench_tasks ${tx(task)}`;
      const request = requestRows.get(occurrence.id as string);
      if (request) await tx`INSERT INTO bench_information_requests ${tx(request)}`;
    });
  }
  const baselineRate = occurrenceRows.length / ((performance.now() - baselineStarted) / 1000);

  const lines = [
    ...commandLines,
    `load average at the end: ${loadAverage()}`,
    `the year: ${seen} of ${expected} occurrences in ${round(yearSeconds)} s = ${round(engineRate)} occurrences/s`,
    `CPU per occurrence over the year: ${yearCpu.join(', ')}`,
    `baseline, the same rows one transaction per occurrence: ${round(baselineRate)} occurrences/s`,
    `ratio: ${round((100 * engineRate) / baselineRate)} % of the baseline (target ≥ 25 %)`,
    `exactly once: ${exactlyOnce ? 'yes' : 'NO'} (missions with a wrong request count ${perMission!.wrong_requests}, task count ${perMission!.wrong_tasks}; deadlines twice ${twice!.n})`,
    `peak RSS: worker ${worker.rss.peakMiB} MiB, API ${api.rss.peakMiB} MiB, Temporal server ${serverRss.peakMiB} MiB`,
  ];
  console.log(lines.join('\n'));
  failed = !exactlyOnce;
} catch (error) {
  if (!(error instanceof StopAfterCommands)) {
    failed = true;
    console.error(error);
  }
} finally {
  for (const stop of stops) await stop().catch(() => {});
  await bench.drop().catch(() => {});
}
process.exit(failed ? 1 : 0);

async function connectWithRetry(address: string): Promise<Connection> {
  for (let attempt = 0; ; attempt++) {
    try {
      // The TestService (the time-skipping clock) is only exposed on request, as the SDK's test environment does.
      return await Connection.connect({ address, connectTimeout: 2_000, [InternalConnectionOptionsSymbol]: { supportsTestService: true } } as never);
    } catch (error) {
      if (attempt > 60) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
