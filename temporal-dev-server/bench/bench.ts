/**
 * npm run bench:temporal — N concurrent workflows (1 activity, 1 timer, 1 signal each) against a
 * temporal-dev-server launched in its own process (CLI form, real time).
 * Prints workflows per second and the p50/p99 time from signal to query-visible state.
 *
 * Environment: BENCH_WORKFLOWS (default 500), BENCH_CONCURRENCY (default 100 in flight),
 * BENCH_ADDRESS (use a server already running there instead of launching one).
 */
import { spawn } from 'node:child_process';
import * as os from 'node:os';
import * as net from 'node:net';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { benchWorkflow, goSignal, stageQuery } from './workflows.ts';

const N = Number(process.env.BENCH_WORKFLOWS ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 100);
const BIN = fileURLToPath(new URL('../bin/temporal-dev-server.mjs', import.meta.url));
const WORKFLOWS = fileURLToPath(new URL('./workflows.ts', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const port = await freePort();
  const server = process.env.BENCH_ADDRESS
    ? undefined
    : spawn(process.execPath, [BIN, 'server', 'start-dev', '--port', String(port), '--headless'], { stdio: ['ignore', 'inherit', 'ignore'] });
  const address = process.env.BENCH_ADDRESS ?? `127.0.0.1:${port}`;
  try {
    let connection: Connection | undefined;
    for (let i = 0; i < 100 && !connection; i++) {
      connection = await Connection.connect({ address, connectTimeout: 200 }).catch(async () => {
        await new Promise((r) => setTimeout(r, 100));
        return undefined;
      });
    }
    if (!connection) throw new Error('server did not start');
    const client = new Client({ connection });
    const native = await NativeConnection.connect({ address });
    const taskQueue = `bench-${Date.now()}`;
    const worker = await Worker.create({
      connection: native,
      taskQueue,
      workflowsPath: WORKFLOWS,
      activities: { echo: async (s: string) => s },
      maxConcurrentWorkflowTaskExecutions: 100,
      maxConcurrentActivityTaskExecutions: 200,
      maxCachedWorkflows: Math.max(1000, N),
    });
    const latencies: number[] = [];
    const started = Date.now();
    await worker.runUntil(async () => {
      let next = 0;
      const one = async (i: number): Promise<void> => {
        const handle = await client.workflow.start(benchWorkflow, { taskQueue, workflowId: `bench-${taskQueue}-${i}` });
        // Wait until the workflow waits for its signal (after its activity and its 1 s timer).
        await new Promise((r) => setTimeout(r, 1000));
        while ((await handle.query(stageQuery)) !== 'waiting') await new Promise((r) => setTimeout(r, 100));
        const t0 = performance.now();
        await handle.signal(goSignal);
        while ((await handle.query(stageQuery)) !== 'signalled') {
          await new Promise((r) => setTimeout(r, 5));
        }
        latencies.push(performance.now() - t0);
        await handle.result();
      };
      const lanes = Array.from({ length: Math.min(CONCURRENCY, N) }, async () => {
        while (next < N) await one(next++);
      });
      await Promise.all(lanes);
    });
    const elapsed = (Date.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    console.log(`temporal-dev-server bench: ${N} workflows (1 activity, 1 timer of 1 s, 1 signal), ${CONCURRENCY} in flight`);
    console.log(`machine: ${os.cpus().length} cores, ${cpu}, Node ${process.version}`);
    console.log(`wall time: ${elapsed.toFixed(1)} s`);
    console.log(`throughput: ${(N / elapsed).toFixed(1)} workflows/s`);
    console.log(`signal -> query-visible: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`);
    await native.close();
    await connection.close();
  } finally {
    server?.kill('SIGTERM');
  }
}

await main();
