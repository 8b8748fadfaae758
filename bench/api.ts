/**
 * `npm run bench:api`: the API's overhead measured from outside. The service's API runs as its
 * own process (`RUN_WORKER=false`, on PostgreSQL and the project's Temporal server in CLI form);
 * beside it, in the same run, a bare Hono app answers the same rows by one query each
 * (bench/support/bare-api.ts), with the same pool size, Node flags and NODE_ENV. autocannon loads
 * each with 20 connections: req/s, p99 and CPU per request for an authenticated
 * `GET /clients/{id}` and `GET /missions/{id}`, and the ratio to the bare app (target ≥ 50 %).
 *
 * Like with like: both apps are first warmed up (the API has far more code for the JIT to
 * compile), then measured in alternating rounds (API, bare, bare, API, …) so that a change in the
 * machine's load during the run weighs on both; the ratio is the median of the rounds' ratios.
 * CPU per request (the process's user + system time over its requests) depends less on what
 * else the machine runs than req/s does.
 *
 * BENCH_SECONDS (default 5) is the duration of each round, BENCH_ROUNDS (default 4) their number
 * per app; BENCH_CPU_PROFILE_DIR writes both apps' CPU profiles there.
 */
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { DEFAULT_POOL_MAX, openDatabase } from '../db/client.ts';
import { seedBenchFirm } from './support/seed-bench.ts';
import { cpuProfileFlags, createBenchDatabase, freePort, loadAverage, percentile, cpuSeconds, projectRoot, round, startService } from './support/measure.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 4);
const warmUpSeconds = 10;
const connections = 20;

const bench = await createBenchDatabase('echeance_bench_api');
const [temporalPort, apiPort, barePort] = [await freePort(), await freePort(), await freePort()];
const stops: Array<() => Promise<unknown>> = [];
let failed = false;
try {
  const temporalServer = spawn(process.execPath, ['temporal-dev-server/bin/temporal-dev-server.mjs', String(temporalPort)], { cwd: projectRoot, stdio: 'inherit' });
  stops.push(async () => temporalServer.kill('SIGTERM'));
  const database = await openDatabase({ url: bench.url, max: 2 });
  stops.unshift(() => database.close());
  await database.migrate();
  const firm = await seedBenchFirm(database.db);
  const client = await firm.seedClient(0);

  const api = startService('api', {
    NODE_ENV: 'production',
    DATABASE_URL: bench.url,
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    RUN_WORKER: 'false',
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
  });
  stops.unshift(() => api.stop());
  const bare = spawn(process.execPath, [...cpuProfileFlags(), '--import', 'tsx', 'bench/support/bare-api.ts', String(barePort), bench.url, String(DEFAULT_POOL_MAX)], {
    cwd: projectRoot,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const bareExited = new Promise((resolve) => bare.once('exit', resolve));
  stops.unshift(async () => (bare.kill('SIGTERM'), await bareExited));
  await Promise.all([api.logged('API listening'), new Promise((resolve) => bare.stdout!.once('data', resolve))]);

  const headers = { Authorization: `Bearer ${firm.token}`, 'Content-Type': 'application/json' };
  const created = await fetch(`http://127.0.0.1:${apiPort}/api/v1/missions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ clientId: client.id, name: 'TVA 2027', startDate: '2027-01-01', endDate: '2027-12-31', lines: [{ serviceId: firm.vat.id, frequency: 'monthly', deadlineRule: { kind: 'day-of-month', day: 20 } }] }),
  });
  if (created.status !== 201) throw new Error(`POST /missions → ${created.status} ${await created.text()}`);
  const missionId = ((await created.json()) as { id: string }).id;

  interface Target {
    name: string;
    url: string;
    headers: Record<string, string>;
    pid: number;
  }
  /** One request at a time: the latency of a request when nothing queues. */
  const sequential = async ({ url, headers }: Target) => {
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const started = performance.now();
      const res = await fetch(url, { headers });
      await res.arrayBuffer();
      times.push(performance.now() - started);
    }
    return round(percentile(times, 50), 2);
  };
  const load = async ({ name, url, headers, pid }: Target, duration: number) => {
    const cpuBefore = cpuSeconds(pid);
    const result = await autocannon({ url, connections, duration, headers });
    const cpuMs = 1000 * (cpuSeconds(pid) - cpuBefore);
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${name} ${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
    return { rps: result.requests.average, p99: result.latency.p99, requests: result.requests.total, cpuMs };
  };
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  };
  const thousands = (value: number) => Math.round(value).toLocaleString('en');

  const lines = [`${connections} connections, ${rounds} alternating rounds of ${seconds} s per app after ${warmUpSeconds} s of warm-up; load average at the start: ${loadAverage()}`];
  for (const [name, path] of [
    ['GET /clients/{id}', `/clients/${client.id}`],
    ['GET /missions/{id}', `/missions/${missionId}`],
  ] as const) {
    const service: Target = { name: 'API', url: `http://127.0.0.1:${apiPort}/api/v1${path}`, headers, pid: api.child.pid! };
    const baseline: Target = { name: 'bare', url: `http://127.0.0.1:${barePort}${path}`, headers: {}, pid: bare.pid! };
    for (const target of [service, baseline]) await load(target, warmUpSeconds);
    const runs = new Map<Target, Awaited<ReturnType<typeof load>>[]>([
      [service, []],
      [baseline, []],
    ]);
    for (let r = 0; r < rounds; r++) {
      for (const target of r % 2 === 0 ? [service, baseline] : [baseline, service]) runs.get(target)!.push(await load(target, seconds));
    }
    const summary = (target: Target) => {
      const results = runs.get(target)!;
      const cpuPerRequest = (1000 * results.reduce((sum, run) => sum + run.cpuMs, 0)) / results.reduce((sum, run) => sum + run.requests, 0);
      return `${thousands(median(results.map((run) => run.rps)))} req/s (rounds ${results.map((run) => thousands(run.rps)).join(', ')}), p99 ${median(results.map((run) => run.p99))} ms, ${Math.round(cpuPerRequest)} µs CPU/request`;
    };
    const ratios = runs.get(service)!.map((run, r) => (100 * run.rps) / runs.get(baseline)![r]!.rps);
    const alone = { service: await sequential(service), baseline: await sequential(baseline) };
    lines.push(
      `${name}: API ${summary(service)}, alone p50 ${alone.service} ms; bare Hono + one query: ${summary(baseline)}, alone p50 ${alone.baseline} ms; ` +
        `ratio ${round(median(ratios))} % (rounds ${ratios.map((ratio) => `${Math.round(ratio)} %`).join(', ')}; target ≥ 50 %)`,
    );
  }
  lines.push(`peak RSS of the API: ${api.rss.peakMiB} MiB; load average at the end: ${loadAverage()}`);
  console.log(lines.join('\n'));
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  for (const stop of stops) await stop().catch(() => {});
  await bench.drop().catch(() => {});
}
process.exit(failed ? 1 : 0);
