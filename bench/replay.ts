/**
 * `npm run bench:replay`: what creating a workflow costs the worker. Replays the committed
 * histories (test/replay/histories/) BENCH_ROUNDS times each (default 40) with the product's
 * workflow bundle; each replay creates the workflow in the SDK's reusable V8 context, which
 * evaluates every module of the bundle again (except the preloaded ones, workflow-bundle.ts), as a
 * cache miss or a new workflow does in production. Prints workflows/s, CPU milliseconds per workflow (steadier than wall time on a busy
 * machine) and the process's RSS.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { workflowBundle as productBundle } from '../workflow-bundle.ts';
import { loadAverage, round } from './support/measure.ts';

Runtime.install({ logger: new DefaultLogger('ERROR') });
const rounds = Number(process.env.BENCH_ROUNDS ?? 40);
const directory = fileURLToPath(new URL('../test/replay/histories/', import.meta.url));
const histories = readdirSync(directory)
  .filter((file) => file.endsWith('.json'))
  .map((file) => historyFromJSON(JSON.parse(readFileSync(path.join(directory, file), 'utf8'))));
// The bundle the worker runs, with its preloaded modules (workflow-bundle.ts).
const workflowBundle = await productBundle();

const replays = Array.from({ length: rounds }, (_, round) => histories.map((history, index) => ({ workflowId: `bench-${round}-${index}`, history }))).flat();
const started = performance.now();
const cpuBefore = process.cpuUsage();
let failures = 0;
for await (const result of Worker.runReplayHistories({ workflowBundle, replayName: 'bench-replay' }, replays)) if (result.error) failures++;
const seconds = (performance.now() - started) / 1000;
// CPU time of the process (main and workflow threads): steadier than wall time on a busy machine.
const cpu = process.cpuUsage(cpuBefore);
const cpuMsEach = (cpu.user + cpu.system) / 1000 / replays.length;
console.log(
  [
    `${replays.length} workflows replayed (${histories.length} histories × ${rounds}) in ${round(seconds, 2)} s: ${round(replays.length / seconds)} workflows/s, ${round((1000 * seconds) / replays.length, 1)} ms each, ${round(cpuMsEach, 1)} ms of CPU each`,
    `RSS ${Math.round(process.memoryUsage().rss / 1048576)} MiB; failures ${failures}; load average ${loadAverage()}`,
  ].join('\n'),
);
process.exit(failures > 0 ? 1 : 0);
