/**
 * npm run bench:temporal-startup — how long the server takes to start on a journal holding
 * BENCH_OPEN_WORKFLOWS (default 10,000) open workflows, and its memory once started.
 *
 * It fills a journal through a server in its own process (CLI form, `--db-filename`): every
 * workflow is started with a 1 KiB input and receives two signals, with no worker, so each stays
 * open with its start, workflow-task and signal events (the shape of a run waiting for its
 * worker). Then it starts the server BENCH_RUNS times (default 3) on that journal and prints the
 * time from spawn to the first answered GetSystemInfo, the server's RSS then, and the journal size.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';

const N = Number(process.env.BENCH_OPEN_WORKFLOWS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONCURRENCY = 256;
/** Keep the filled journal there and reuse it on the next run (filling takes minutes). */
const KEEP = process.env.BENCH_JOURNAL;
const BIN = fileURLToPath(new URL('../bin/temporal-dev-server.mjs', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function launch(dbFile: string): Promise<{ proc: ChildProcess; connection: Connection; ms: number }> {
  const port = await freePort();
  const started = performance.now();
  const proc = spawn(process.execPath, [BIN, 'server', 'start-dev', '--port', String(port), '--db-filename', dbFile, '--headless'], { stdio: ['ignore', 'ignore', 'inherit'] });
  for (;;) {
    try {
      const connection = await Connection.connect({ address: `127.0.0.1:${port}`, connectTimeout: 500 });
      await connection.workflowService.getSystemInfo({});
      return { proc, connection, ms: performance.now() - started };
    } catch {
      if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function stop(proc: ChildProcess, connection: Connection, signal: NodeJS.Signals): Promise<void> {
  await connection.close();
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill(signal);
  await exited;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tds-startup-'));
  const dbFile = KEEP ?? path.join(dir, 'temporal.db');
  if (KEEP && fs.existsSync(KEEP) && fs.statSync(KEEP).size > 0) {
    console.log(`reusing ${KEEP}`);
  } else {
    await fillJournal(dbFile);
  }
  const journalMiB = fs.statSync(dbFile).size / 1024 / 1024;

  const results: { ms: number; rss: number; cpuMs: number }[] = [];
  for (let r = 0; r < RUNS; r++) {
    const s = await launch(dbFile);
    const rss = rssMiB(s.proc.pid!);
    const cpuMs = cpuTimeMs(s.proc.pid!);
    const count = await s.connection.workflowService.countWorkflowExecutions({ namespace: 'default', query: `ExecutionStatus = 'Running'` });
    results.push({ ms: s.ms, rss, cpuMs });
    console.log(`start ${r + 1}: ready in ${(s.ms / 1000).toFixed(2)} s (server CPU ${(cpuMs / 1000).toFixed(2)} s), RSS ${rss.toFixed(0)} MiB, ${String(count.count)} running workflows`);
    await stop(s.proc, s.connection, 'SIGTERM');
  }
  const sorted = [...results].sort((a, b) => a.ms - b.ms);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(`median: ready in ${(median.ms / 1000).toFixed(2)} s (server CPU ${(median.cpuMs / 1000).toFixed(2)} s), RSS ${median.rss.toFixed(0)} MiB; journal ${journalMiB.toFixed(1)} MiB, ${(fs.statSync(dbFile).size / 1024 / 1024).toFixed(1)} MiB after compaction`);
  if (!KEEP) fs.rmSync(dir, { recursive: true, force: true });
}

/** CPU time (user + system) the process has used, from /proc. */
function cpuTimeMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 (1-based) of /proc/<pid>/stat, in clock ticks (100 Hz).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function fillJournal(dbFile: string): Promise<void> {
  const fill = await launch(dbFile);
  console.log(`empty journal: ready in ${(fill.ms / 1000).toFixed(2)} s, RSS ${rssMiB(fill.proc.pid!).toFixed(0)} MiB (the cost of loading the server itself)`);
  const client = new Client({ connection: fill.connection });
  const input = 'x'.repeat(1024);
  const fillStart = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) {
        const i = next++;
        const handle = await client.workflow.start('waitingWorkflow', { taskQueue: 'bench-startup', workflowId: `open-${i}`, args: [input] });
        await handle.signal('first', i);
        await handle.signal('second', i);
      }
    }),
  );
  const fillMs = performance.now() - fillStart;
  await stop(fill.proc, fill.connection, 'SIGKILL');
  console.log(`filled: ${N} open workflows (3 RPCs each) in ${(fillMs / 1000).toFixed(1)} s; journal ${(fs.statSync(dbFile).size / 1024 / 1024).toFixed(1)} MiB`);
}

await main();
