/**
 * `npm run bench:quotes`: in a database of its own on the local PostgreSQL, with the project's
 * Temporal dev server and the real worker, creates BENCH_QUOTES quotes (default 1,000) and sends
 * each through the HTTP app with its PDF rendered and attached (local Chromium) — numbering,
 * workflow start, email to the outbox — then opens the online quote BENCH_VIEWS times (default
 * 10,000) across them, each view recorded. Prints quotes sent per second and the p50/p95 of the
 * online page, then drops the database.
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) is the admin URL.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { pino } from 'pino';
import postgres from 'postgres';
import { DatabaseOutboxStore } from '../adapters/email/database-outbox-store.ts';
import { OutboxEmailSender } from '../adapters/email/outbox-email-sender.ts';
import { createPdfRenderer, DEFAULT_CHROMIUM_PATH } from '../adapters/pdf/pdf-renderer.ts';
import { openInstallationSeal } from '../adapters/seal/installation-seal.ts';
import { createApp } from '../api/app.ts';
import { parseConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { issueApiToken } from '../domain/auth/issue-api-token.ts';
import { createClient } from '../domain/clients/create-client.ts';
import { bootstrapOrganisation } from '../domain/organisations/bootstrap-organisation.ts';
import { quoteLinkToken } from '../domain/quotes/quote-link.ts';
import { createTestWorker, createTimeSkippingEnvironment } from '../test/support/temporal.ts';

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseName = 'echeance_bench_quotes';
const quoteCount = Number(process.env.BENCH_QUOTES ?? 1_000);
const viewCount = Number(process.env.BENCH_VIEWS ?? 10_000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);

const urlOf = (name: string) => {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
/** Runs `task(i)` for i in [0, n) with `concurrency` in flight. */
async function pool(n: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await task(next++);
  }));
}

Runtime.install({ logger: new DefaultLogger('ERROR') });
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
await admin.unsafe(`CREATE DATABASE ${databaseName}`);
const database = await openDatabase({ url: urlOf(databaseName), max: 8 });
const env = await createTimeSkippingEnvironment();
const { worker, taskQueue } = await createTestWorker(env, database);
const running = worker.run();
const pdfRenderer = createPdfRenderer({ chromiumPath: DEFAULT_CHROMIUM_PATH, poolSize: 2 });
let failed = false;
try {
  await database.migrate();
  const config = parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const boot = await bootstrapOrganisation(database.db, { organisationName: 'Réseau Bench', firmName: 'Cabinet Bench', admin: { email: 'admin@bench.test', firstName: 'Ada', lastName: 'Admin' } });
  const actor = { kind: 'user' as const, organisationId: boot.organisation.id, userId: boot.admin.id, label: 'Ada Admin' };
  const client = await createClient(database.db, actor, {
    kind: 'company', name: 'Boulangerie Martin', siren: '732829320', country: 'FR', firmId: boot.firm.id,
    contacts: [{ firstName: 'Claire', lastName: 'Martin', email: 'claire@boulangerie-martin.test', isPreferred: true }],
  });
  const { token } = await issueApiToken(database.db, { organisationId: boot.organisation.id, userId: boot.admin.id, name: 'bench' });
  const app = createApp({
    config, database, logger: pino({ level: 'silent' }), pdfRenderer,
    temporal: { client: env.client, taskQueue, ping: async () => {} },
    emailSender: new OutboxEmailSender({ store: new DatabaseOutboxStore(database.db), directory: mkdtempSync(join(tmpdir(), 'echeance-bench-quotes-')) }),
  });
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await app.request(path, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    if (response.status >= 300) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
    return response.json() as Promise<{ id: string; validUntil: string }>;
  };
  const lines = [
    { label: 'Tenue de la comptabilité', quantity: 12, unitPriceCents: 25_000, vatRate: 20 },
    { label: 'Bilan et liasse fiscale', quantity: 1, unitPriceCents: 96_000, vatRate: 20, discountPercent: 10 },
    { label: 'Option : déclaration IFI', quantity: 1, unitPriceCents: 30_000, vatRate: 20, optional: true },
  ];
  const drafts: Array<{ id: string; validUntil: string }> = [];
  for (let i = 0; i < quoteCount; i++) drafts.push(await call('POST', '/api/v1/quotes', { account: { kind: 'client', id: client.id }, lines }));

  const sendStarted = performance.now();
  await pool(drafts.length, async (i) => {
    await call('POST', `/api/v1/quotes/${drafts[i]!.id}/send`, { attachPdf: true });
  });
  const sendSeconds = (performance.now() - sendStarted) / 1000;
  console.log(`sent ${quoteCount} quotes (PDF rendered and attached, workflow started, email in the outbox) in ${sendSeconds.toFixed(1)} s: ${(quoteCount / sendSeconds).toFixed(1)} quotes/s`);

  const linkSecret = (await openInstallationSeal(config.DATA_DIR)).linkSecret;
  const links = drafts.map((quote) => `/devis/${quoteLinkToken(linkSecret, quote)}`);
  const durations: number[] = [];
  const viewStarted = performance.now();
  await pool(viewCount, async (i) => {
    const started = performance.now();
    const response = await app.request(links[i % links.length]!);
    await response.text();
    if (response.status !== 200) throw new Error(`view → ${response.status}`);
    durations.push(performance.now() - started);
  });
  const viewSeconds = (performance.now() - viewStarted) / 1000;
  console.log(`${viewCount} online views recorded in ${viewSeconds.toFixed(1)} s (${(viewCount / viewSeconds).toFixed(0)}/s): online page p50 ${percentile(durations, 50).toFixed(1)} ms, p95 ${percentile(durations, 95).toFixed(1)} ms`);
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await pdfRenderer.close();
  worker.shutdown();
  await running.catch(() => {});
  await env.teardown();
  await database.close();
  await admin.unsafe(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  await admin.end();
}
process.exit(failed ? 1 : 0);
