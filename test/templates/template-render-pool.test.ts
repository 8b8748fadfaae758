import { Worker } from 'node:worker_threads';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.ts';
import type { Database } from '../../db/client.ts';
import { firmTemplates } from '../../db/schema/index.ts';
import { threadCpuTimeMs } from '../../domain/firm-templates/template-render-pool.ts';
import { seedOrganisation, type SeededOrganisation } from '../support/seed.ts';
import { apiClient, createTestApp, type ApiClient } from '../support/test-app.ts';
import { createTestDatabase } from '../support/test-database.ts';

const QUOTE_BODY = 'email.quote-sent.body';

/**
 * A text that passes every counted limit of the engine (memory, templates rendered) yet runs for
 * seconds of CPU: a string doubled to 131 072 characters, split into an array, walked 100 times
 * (13 million empty iterations). Only a time limit stops it.
 */
const RUNAWAY =
  '{{ quote.url }}{% assign s = "ab" %}{% for i in (1..16) %}{% assign s = s | append: s %}{% endfor %}' +
  '{% assign a = s | split: "" %}{% for i in (1..100) %}{% for x in a %}{% endfor %}{% endfor %}';

let database: Database;
let app: App;
let acme: SeededOrganisation;
let admin: ApiClient;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database);
  acme = await seedOrganisation(database.db, 'Acme');
  admin = apiClient(app, acme.adminToken);
});
afterAll(async () => {
  await database?.close();
});

const templateRows = async () => (await database.db.select({ n: count() }).from(firmTemplates))[0]!.n;

function expectKilledRunaway(response: { status: number; headers: Headers; body: any }) {
  expect(response.status, JSON.stringify(response.body)).toBe(400);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body).toMatchObject({ status: 400, reason: 'template_limit_exceeded', kind: QUOTE_BODY });
  expect(response.body.errors).toEqual([expect.objectContaining({ field: 'body', location: 'body' })]);
  expect(response.body.problems).toEqual([expect.objectContaining({ code: 'limit_exceeded' })]);
}

/** The p-th percentile (0..100) of latencies in ms. */
function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Polls /healthz back to back until `done` settles; returns each answer's latency. */
async function pollHealth(done: Promise<unknown>): Promise<number[]> {
  let finished = false;
  void done.finally(() => (finished = true));
  const latencies: number[] = [];
  while (!finished) {
    const started = performance.now();
    const response = await app.request('/healthz');
    await response.text();
    latencies.push(performance.now() - started);
    expect(response.status).toBe(200);
    // Leave the loop room for the previews' own I/O between two probes, like a monitor would.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return latencies;
}

describe('the template pool', () => {
  it('kills a runaway text on save with a 400 naming the body field, and writes nothing', { timeout: 60_000 }, async () => {
    const before = await templateRows();
    expectKilledRunaway(await admin.put(`/api/v1/templates/${QUOTE_BODY}`, { body: RUNAWAY }));
    expect(await templateRows()).toBe(before);
  });

  it('refuses the same text on preview, with the same limit', { timeout: 60_000 }, async () => {
    expectKilledRunaway(await admin.post(`/api/v1/templates/${QUOTE_BODY}/preview`, { body: RUNAWAY }));
    // The pool replaced the killed thread: a valid preview still renders.
    const ok = await admin.post(`/api/v1/templates/${QUOTE_BODY}/preview`, { body: 'Bonjour, votre devis : {{ quote.url }}' });
    expect(ok.status).toBe(200);
  });

  it('keeps /healthz answering within 50 ms (p99) during eight parallel runaway previews', { timeout: 240_000 }, async () => {
    // The machine's own noise (other processes on the same cores), which the API does not cause:
    // the same polling for three seconds with nothing else running.
    const baseline = percentile(await pollHealth(new Promise((resolve) => setTimeout(resolve, 3_000))), 99);
    const previews = Promise.all(Array.from({ length: 8 }, () => admin.post(`/api/v1/templates/${QUOTE_BODY}/preview`, { body: RUNAWAY })));
    const latencies = await pollHealth(previews);
    for (const response of await previews) expectKilledRunaway(response);
    // Eight kills at the CPU limit, each followed by a new thread: seconds of polling, hundreds of samples.
    expect(latencies.length).toBeGreaterThan(200);
    const summary = `p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms over ${latencies.length} probes; idle p99 ${baseline.toFixed(1)} ms`;
    expect(percentile(latencies, 99), summary).toBeLessThan(50 + baseline);
  });

  it('measures a thread’s CPU time, which waiting does not advance', { timeout: 60_000 }, async () => {
    // A thread that either waits 400 ms (no CPU) or spins until it has used 300 ms of CPU.
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       const fs = require('node:fs');
       const cpu = () => Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
       parentPort.postMessage(Number(fs.readlinkSync('/proc/thread-self').split('/').pop()));
       parentPort.on('message', (what) => {
         if (what === 'wait') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400);
         else { const start = cpu(); while (cpu() - start < 300); }
         parentPort.postMessage('done');
       });`,
      { eval: true },
    );
    const next = () => new Promise<unknown>((resolve) => worker.once('message', resolve));
    try {
      const tid = (await next()) as number;
      const measure = async (what: 'wait' | 'spin') => {
        const cpuBefore = threadCpuTimeMs(tid);
        const wallBefore = performance.now();
        worker.postMessage(what);
        await next();
        return { cpu: threadCpuTimeMs(tid) - cpuBefore, wall: performance.now() - wallBefore };
      };
      const waited = await measure('wait');
      expect(waited.wall).toBeGreaterThanOrEqual(390);
      expect(waited.cpu).toBeLessThan(100);
      expect((await measure('spin')).cpu).toBeGreaterThanOrEqual(290);
    } finally {
      await worker.terminate();
    }
  });
});
