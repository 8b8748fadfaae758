/**
 * What the benches share: percentiles, free ports, a child process's peak RSS, the service's
 * processes started the way production runs them (API and worker apart), and a throwaway
 * database on the local PostgreSQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The p-th percentile (nearest rank) of the values. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

export const round = (value: number, digits = 1) => Number(value.toFixed(digits));

export function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' / ');
}

/** Node flags of every process a bench measures: with BENCH_CPU_PROFILE_DIR, a V8 CPU profile written there on exit. */
export function cpuProfileFlags(): string[] {
  return process.env.BENCH_CPU_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROFILE_DIR] : [];
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Samples a process's resident set (Linux /proc) until stopped; `peakMiB` is the highest seen. */
export function trackPeakRss(pid: number, everyMs = 250): { readonly peakMiB: number; stop(): void } {
  let peakKiB = 0;
  const sample = () => {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) peakKiB = Math.max(peakKiB, Number(match[1]));
    } catch {
      // The process is gone.
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    get peakMiB() {
      return Math.round(peakKiB / 1024);
    },
    stop: () => clearInterval(timer),
  };
}

/**
 * CPU seconds (user + system, every thread) a process has used so far, from Linux /proc: the
 * difference between two readings is what a phase cost it, whatever else loads the machine.
 * Zero once the process is gone.
 */
export function cpuSeconds(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}
/** `getconf CLK_TCK` on Linux. */
const CLOCK_TICKS_PER_SECOND = 100;

/** A PostgreSQL database of its own (`<prefix>_<pid>`), dropped by `drop()`. */
export async function createBenchDatabase(prefix: string, adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres') {
  // One database per run (the bench's pid): two runs at once must not drop each other's.
  const name = `${prefix}_${process.pid}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

export interface ServiceProcess {
  child: ChildProcess;
  rss: ReturnType<typeof trackPeakRss>;
  /** Where its JSON log lines go. */
  logFile: string;
  /** Resolves when the process has logged a line with this message. */
  logged(message: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `node scripts/start.mjs` with the environment given: what `npm start` runs (main.ts compiled
 * ahead, no TypeScript loader hooks at run time), without npm in between so the pid is the
 * service's own. Its logs go to a file, as they would to a log
 * collector: a pipe that the busy bench process drains late would block the service's writes.
 * With BENCH_CPU_PROFILE_DIR set, it writes a V8 CPU profile there on exit (open it in Chrome's
 * DevTools, or sum self time per function). `nodeFlags` go to node before the script (e.g. a heap limit).
 */
export function startService(name: string, env: NodeJS.ProcessEnv, nodeFlags: readonly string[] = []): ServiceProcess {
  const logFile = path.join(mkdtempSync(path.join(os.tmpdir(), `echeance-bench-${name}-`)), 'log.jsonl');
  const output = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...cpuProfileFlags(), ...nodeFlags, 'scripts/start.mjs'], { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ['ignore', output, 'inherit'] });
  closeSync(output);
  const rss = trackPeakRss(child.pid!);
  const hasLogged = (message: string) => readFileSync(logFile, 'utf8').includes(`"msg":${JSON.stringify(message)}`);
  return {
    child,
    rss,
    logFile,
    async logged(message, timeoutMs = 300_000) {
      const deadline = Date.now() + timeoutMs;
      while (!hasLogged(message)) {
        if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before "${message}" (log: ${logFile})`);
        if (Date.now() > deadline) throw new Error(`${name}: no "${message}" in ${timeoutMs} ms (log: ${logFile})`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async stop() {
      rss.stop();
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs `task` over `items` with at most `concurrency` at a time. */
export async function inParallel<T>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await task(items[index]!, index);
      }
    }),
  );
}
