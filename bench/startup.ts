/**
 * `npm run bench:startup`: how long `npm start` takes from the command to `/readyz` 200 (database
 * migrated, Temporal answering, worker polling, API serving), on the embedded defaults (PGlite,
 * the embedded Temporal server and its UI) and on the local PostgreSQL (DATABASE_URL; a scratch
 * database per run), beside two baselines measured in the same run: `node -e
 * "require('@temporalio/worker')"` to exit, and a bare Hono app on the same server adapter to its
 * first 200. Each case starts on fresh state (`first`: a new DATA_DIR, a new database, so the
 * migrations and the demo organisation run) and again on that state (`restart`: the normal
 * restart). PGlite's first start is measured twice: with no template of the data directory (as
 * after a fresh clone or a change of the migrations: PGlite's initdb runs, and that start saves
 * the template in node_modules/.cache), then on another empty DATA_DIR with the template cached
 * (copied instead of initdb; see db/pglite-template.ts). The cases alternate BENCH_RUNS times
 * (default 5; medians printed) so that the load of a shared machine falls on all of them alike;
 * the load average is printed beside.
 *
 * Each start's log gives where its time went: the milliseconds from the spawn to its log lines.
 * The workflow bundle and the compiled main.ts are whatever `npm start` finds in its cache
 * (node_modules/.cache; a warm-up start builds them); BENCH_COLD_BUNDLE=1 removes the bundle
 * before each start, to measure a start after a workflow change. BENCH_COMPARE_ROOT=<another
 * checkout> starts that checkout too, alternately with this one (a before/after comparison under
 * the same load).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { pgliteTemplate } from '../db/pglite-template.ts';
import { freePort, loadAverage, projectRoot } from './support/measure.ts';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Log lines whose time since the spawn is printed, in start-up order. */
const milestones = ['database migrated', 'embedded Temporal dev server started (TEMPORAL_ADDRESS unset)', 'building the workflow bundle', 'worker running', 'API listening'];

interface Start {
  readyMs: number;
  /** CPU time its processes had used when it became ready: steadier than wall time under load. */
  cpuMs: number;
  /** Milliseconds from the spawn to each milestone logged. */
  marks: Record<string, number>;
}

/**
 * `npm start` with `env` until /readyz answers 200 (and, for the warm-up, until `alsoLogged` is
 * in its log), then SIGTERM and wait for its exit.
 */
async function timeNpmStart(root: string, env: Record<string, string>, alsoLogged?: RegExp): Promise<Start> {
  if (process.env.BENCH_COLD_BUNDLE === '1') rmSync(path.join(root, 'node_modules/.cache/echeance/workflow-bundle/'), { recursive: true, force: true });
  const port = await freePort();
  const fullEnv = {
    ...process.env,
    // Every port its own, so nothing collides with a developer's service or a previous run.
    PORT: String(port),
    TEMPORAL_DEV_SERVER_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: process.env.TEMPORAL_UI_PORT ?? String(await freePort()),
    LOG_LEVEL: 'info',
    ...env,
  };
  const started = performance.now();
  const startedAt = Date.now();
  // Its own process group (npm → sh → tsx → node), so the whole tree is stopped afterwards.
  const child = spawn('npm', ['start', '--silent'], { cwd: root, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${log}`);
      const status = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200 && (!alsoLogged || alsoLogged.test(log))) break;
      if (performance.now() - started > 900_000) throw new Error(`not ready in 900 s:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const readyMs = performance.now() - started;
    return { readyMs, cpuMs: processGroupCpuMs(child.pid!), marks: marksOf(log, startedAt) };
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
    // npm exits with its child; give the service's own drain its moment before the next start.
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** User + system CPU time of the live processes of a process group (Linux /proc), in ms. */
function processGroupCpuMs(group: number): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      // Fields after the command's closing parenthesis: state is field 3, pgrp 5, utime 14, stime 15.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(fields[2]) === group) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

function marksOf(log: string, startedAt: number): Record<string, number> {
  const marks: Record<string, number> = {};
  for (const line of log.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const { msg, time } = JSON.parse(line) as { msg?: string; time?: number };
      if (msg && time && milestones.includes(msg) && !(msg in marks)) marks[msg] = time - startedAt;
    } catch {
      // not a log line
    }
  }
  return marks;
}

/** Wall time of a command from spawn to exit. */
async function timeExit(command: string, args: string[]): Promise<number> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: projectRoot, stdio: 'ignore' });
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${String(code)}`);
  return performance.now() - started;
}

/** A bare Hono app on @hono/node-server: spawn to its first 200. */
async function timeBareHono(): Promise<number> {
  const port = await freePort();
  const source = `import { serve } from '@hono/node-server'; import { Hono } from 'hono';
serve({ fetch: new Hono().get('/readyz', (c) => c.json({ status: 'ready' })).fetch, port: ${port}, hostname: '127.0.0.1' });`;
  const started = performance.now();
  const child = spawn(process.execPath, ['--input-type=module', '-e', source], { cwd: projectRoot, stdio: 'ignore' });
  try {
    for (;;) {
      const status = await fetch(`http://127.0.0.1:${port}/readyz`).then((response) => response.status, () => 0);
      if (status === 200) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    child.kill('SIGTERM');
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
const results: Record<string, Start[]> = {};
const baselines = { worker: [] as number[], hono: [] as number[] };
const record = (name: string, start: Start) => (results[name] ??= []).push(start);

/** The checkouts measured: this one, and BENCH_COMPARE_ROOT's (e.g. the code before a change), alternately. */
const checkouts = [{ label: '', root: projectRoot }, ...(process.env.BENCH_COMPARE_ROOT ? [{ label: ` [${process.env.BENCH_COMPARE_ROOT}]`, root: process.env.BENCH_COMPARE_ROOT }] : [])];

// Warm-up, not measured: the first start of a checkout builds the Temporal UI once (minutes, in
// the background), the workflow bundle and the compiled main.ts; every later start finds them.
for (const { root } of checkouts) {
  const warmUpDir = mkdtempSync(path.join(tmpdir(), 'echeance-startup-'));
  process.stdout.write(`warm-up start of ${root} (builds what a first start builds)…\n`);
  await timeNpmStart(root, { DATA_DIR: warmUpDir }, process.env.TEMPORAL_UI_PORT === 'off' ? undefined : /Temporal UI listening|the Temporal UI could not be built/);
  rmSync(warmUpDir, { recursive: true, force: true });
}

const loadBefore = loadAverage();

for (let run = 0; run < runs; run++) {
  baselines.worker.push(await timeExit(process.execPath, ['-e', "require('@temporalio/worker')"]));
  baselines.hono.push(await timeBareHono());

  for (const { label, root } of checkouts) {
    const firstDataDir = mkdtempSync(path.join(tmpdir(), 'echeance-startup-'));
    const dataDir = mkdtempSync(path.join(tmpdir(), 'echeance-startup-'));
    try {
      // As after a fresh clone or a change of the migrations: initdb runs, and the start saves the template.
      rmSync(pgliteTemplate(path.join(root, 'db/migrations')).directory, { recursive: true, force: true });
      record(`PGlite, first start, no template${label}`, await timeNpmStart(root, { DATA_DIR: firstDataDir }));
      record(`PGlite, first start, template cached${label}`, await timeNpmStart(root, { DATA_DIR: dataDir }));
      record(`PGlite, restart${label}`, await timeNpmStart(root, { DATA_DIR: dataDir }));
    } finally {
      rmSync(firstDataDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    }
  }

  for (const { label, root } of checkouts) {
    const database = `echeance_startup_${process.pid}_${run}`;
    const pgDataDir = mkdtempSync(path.join(tmpdir(), 'echeance-startup-'));
    await admin.unsafe(`CREATE DATABASE ${database}`);
    try {
      const url = new URL(adminUrl);
      url.pathname = `/${database}`;
      record(`PostgreSQL, first start${label}`, await timeNpmStart(root, { DATA_DIR: pgDataDir, DATABASE_URL: url.toString() }));
      record(`PostgreSQL, restart${label}`, await timeNpmStart(root, { DATA_DIR: pgDataDir, DATABASE_URL: url.toString() }));
    } finally {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      rmSync(pgDataDir, { recursive: true, force: true });
    }
  }
  process.stdout.write(`run ${run + 1}/${runs} done (load average ${loadAverage()})\n`);
}
await admin.end();

const workerMs = median(baselines.worker);
const honoMs = median(baselines.hono);
console.log(`\nnpm start → /readyz 200, median of ${runs} (${process.env.BENCH_COLD_BUNDLE === '1' ? 'bundle rebuilt at each start' : 'cached workflow bundle'}):`);
for (const [name, starts] of Object.entries(results)) {
  const readyMs = median(starts.map((start) => start.readyMs));
  const cpuMs = median(starts.map((start) => start.cpuMs));
  const marks = milestones
    .map((milestone) => {
      const values = starts.map((start) => start.marks[milestone]).filter((value): value is number => value !== undefined);
      return values.length ? `${milestone.split(' (')[0]} ${seconds(median(values))}` : undefined;
    })
    .filter(Boolean)
    .join(', ');
  console.log(`  ${name.padEnd(38)} ${seconds(readyMs).padStart(8)}  (×${(readyMs / workerMs).toFixed(1)} require('@temporalio/worker'), ×${(readyMs / honoMs).toFixed(1)} bare Hono; all: ${starts.map((start) => (start.readyMs / 1000).toFixed(1)).join(' ')} s)`);
  console.log(`  ${''.padEnd(38)} CPU used by then ${seconds(cpuMs)}; since spawn: ${marks}`);
}
console.log(`baselines: node -e "require('@temporalio/worker')" ${seconds(workerMs)}, bare Hono to its first 200 ${seconds(honoMs)}`);
console.log(`load average before ${loadBefore}, after ${loadAverage()} (${readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm)?.length ?? '?'} CPUs)`);
