/**
 * `npm run bench:api`: the API's overhead measured from outside. The service's API runs as its
 * own process (`RUN_WORKER=false`, on PostgreSQL and the project's Temporal server in CLI form);
 * beside it, in the same run, a bare Hono app answers the same rows by one query each
 * (bench/support/bare-api.ts). autocannon loads each with 20 connections: req/s and p99 for an
 * authenticated `GET /clients/{id}` and `GET /missions/{id}`, and the ratio to the bare app
 * (target ≥ 50 %).
 *
 * BENCH_SECONDS (default 10) is the duration of each load.
 */
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { openDatabase } from '../db/client.ts';
import { seedBenchFirm } from './support/seed-bench.ts';
import { createBenchDatabase, freePort, loadAverage, percentile, projectRoot, round, startService } from './support/measure.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
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
  const bare = spawn(process.execPath, ['--import', 'tsx', 'bench/support/bare-api.ts', String(barePort), bench.url], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  stops.unshift(async () => bare.kill('SIGTERM'));
  await Promise.all([api.logged('API listening'), new Promise((resolve) => bare.stdout!.once('data', resolve))]);

  const headers = { Authorization: `Bearer ${firm.token}`, 'Content-Type': 'application/json' };
  const created = await fetch(`http://127.0.0.1:${apiPort}/api/v1/missions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ clientId: client.id, name: 'TVA 2027', startDate: '2027-01-01', endDate: '2027-12-31', lines: [{ serviceId: firm.vat.id, frequency: 'monthly', deadlineRule: { kind: 'day-of-month', day: 20 } }] }),
  });
  if (created.status !== 201) throw new Error(`POST /missions → ${created.status} ${await created.text()}`);
  const missionId = ((await created.json()) as { id: string }).id;

  /** One request at a time: the latency of a request when nothing queues. */
  const sequential = async (url: string, withAuth: boolean) => {
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const started = performance.now();
      const res = await fetch(url, { headers: withAuth ? headers : {} });
      await res.arrayBuffer();
      times.push(performance.now() - started);
    }
    return round(percentile(times, 50), 2);
  };
  const load = async (url: string, withAuth: boolean) => {
    // A short warm-up (JIT, connection pools), then the measured run.
    await autocannon({ url, connections, duration: 2, headers: withAuth ? headers : {} });
    const result = await autocannon({ url, connections, duration: seconds, headers: withAuth ? headers : {} });
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
    return { rps: result.requests.average, p99: result.latency.p99 };
  };
  const lines = [`${connections} connections, ${seconds} s each; load average at the start: ${loadAverage()}`];
  for (const [name, path] of [
    ['GET /clients/{id}', `/clients/${client.id}`],
    ['GET /missions/{id}', `/missions/${missionId}`],
  ] as const) {
    const service = { ...(await load(`http://127.0.0.1:${apiPort}/api/v1${path}`, true)), alone: await sequential(`http://127.0.0.1:${apiPort}/api/v1${path}`, true) };
    const baseline = { ...(await load(`http://127.0.0.1:${barePort}${path}`, false)), alone: await sequential(`http://127.0.0.1:${barePort}${path}`, false) };
    lines.push(
      `${name}: ${Math.round(service.rps)} req/s, p99 ${service.p99} ms, alone p50 ${service.alone} ms; bare Hono + one query: ${Math.round(baseline.rps)} req/s, p99 ${baseline.p99} ms, alone p50 ${baseline.alone} ms; ratio ${round((100 * service.rps) / baseline.rps)} % (target ≥ 50 %)`,
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
