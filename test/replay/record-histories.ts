/**
 * Records the histories test/replay/replay.test.ts replays: real runs of the `mission`,
 * `serviceLine`, `informationRequestEmails`, `followUpReminderWorkflow`, `invoiceFollowUp` and
 * `quote` workflows on the project's time-skipping server, with the product's real worker,
 * written to test/replay/histories/<name>.json in Temporal's JSON history format.
 *
 *   npx tsx test/replay/record-histories.ts [--only=<scenario>[,<scenario>…]] [--overwrite] [suffix]
 *
 * Scenarios: missions, occurrence-retry, follow-up-reminder, invoice-follow-up, quote-signed,
 * quote-expired. Only
 * the scenarios named by `--only` run (all by default), and a file that already exists is kept
 * unless `--overwrite` is given: recording a new scenario leaves the committed histories
 * byte-identical.
 *
 * Robust on a loaded machine: starting the dev server and worker is retried, waits poll against
 * a generous deadline instead of a fixed number of tries, and nothing is written unless every
 * history was fetched (a failed run leaves the committed files as they were).
 *
 * Run it when a workflow gains a new path worth protecting (and commit the new files); never
 * re-record an existing file to make a failing replay pass: that failure means running
 * workflows would break (see docs/workflow-versioning.md).
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { DatabaseOutboxStore } from '../../adapters/email/database-outbox-store.ts';
import { OutboxEmailSender } from '../../adapters/email/outbox-email-sender.ts';
import { testServiceClock } from '../../adapters/temporal/dev-clock.ts';
import { openDatabase } from '../../db/client.ts';
import { informationRequests, outboxEmails } from '../../db/schema/index.ts';
import { createOccurrence } from '../../domain/occurrences/create-occurrence.ts';
import { addDays } from '../../domain/calendar/iso-date.ts';
import { businessDateOf } from '../../domain/calendar/paris-time.ts';
import { startMissionHarness, type MissionHarness } from '../missions/support/mission-harness.ts';
import { QUOTE_LINES } from '../quotes/quote-builders.ts';
import { apiClient, createTestApp } from '../support/test-app.ts';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';

const DAY = 24 * 3_600_000;
const args = process.argv.slice(2);
const positional = args.filter((arg) => !arg.startsWith('--'));
const suffix = positional[0] ? `-${positional[0]}` : '';
const only = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const overwrite = args.includes('--overwrite');
const directory = new URL('./histories/', import.meta.url);

/** Polls `check` until it holds, for up to two minutes (the machine may be slow). */
async function waitFor(what: string, check: () => Promise<boolean>) {
  const deadline = Date.now() + 120_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The harness (dev server, worker, app), retried: a loaded machine can time a first start out. */
async function startHarness(): Promise<MissionHarness> {
  for (let attempt = 1; ; attempt++) {
    // In-memory PGlite: this script runs outside vitest (no per-file PostgreSQL clone).
    const database = await openDatabase({});
    await database.migrate();
    try {
      return await startMissionHarness({ database });
    } catch (error) {
      await database.close().catch(() => {});
      if (attempt === 3) throw error;
      process.stderr.write(`harness start failed (attempt ${attempt}), retrying: ${String(error)}\n`);
    }
  }
}

type Ok = (response: Promise<{ status: number; body: any }>) => Promise<any>;
/** One scenario: runs on the harness and answers the histories to write, as [file name, workflow id, run id (default: the latest)]. */
type Scenario = (h: MissionHarness, ok: Ok) => Promise<Array<[name: string, workflowId: string, runId?: string]>>;

const scenarios: Record<string, Scenario> = {
  async missions(h, ok) {
    const start = await h.now();
    const vat = { serviceId: h.vatService.id, frequency: 'monthly', deadlineRule: { kind: 'day-of-month', day: 30 }, leadTimeDays: 10 };
    const quarterly = { serviceId: h.quarterlyService.id, frequency: 'quarterly', deadlineRule: { kind: 'end-of-period' } };
    const year = new Date(start.getTime() + 30 * DAY).getUTCFullYear() + 1;
    const body = { clientId: h.client.id, startDate: `${year}-01-01`, endDate: `${year}-12-31` };

    // A mission through its whole life: validated, sent, alerted as overdue, signed, amended, finished.
    const full = await ok(h.api.post('/api/v1/missions', { ...body, name: 'Replay: full life', lines: [vat, quarterly] }));
    await ok(h.api.post(`/api/v1/missions/${full.id}/validate`));
    await ok(h.api.post(`/api/v1/missions/${full.id}/send-for-signature`));
    await h.skipTo(new Date(start.getTime() + 16 * DAY));
    await ok(h.api.post(`/api/v1/missions/${full.id}/sign`, { signer: 'Claire Martin' }));
    await h.skipTo(new Date(Date.UTC(year, 2, 1)));
    const signed = await ok(h.api.get(`/api/v1/missions/${full.id}`));
    await ok(h.api.post(`/api/v1/missions/${full.id}/amend`, { change: [{ lineId: signed.lines[0].id, frequency: 'quarterly', deadlineRule: { kind: 'end-of-period' } }] }));
    await h.skipTo(new Date(Date.UTC(year, 4, 1)));
    await ok(h.api.post(`/api/v1/missions/${full.id}/finish`));

    // A mission signed by the provider's signal, then cancelled while active.
    const cancelled = await ok(h.api.post('/api/v1/missions', { ...body, name: 'Replay: cancelled', lines: [vat] }));
    await ok(h.api.post(`/api/v1/missions/${cancelled.id}/validate`));
    await h.env.client.workflow
      .getHandle(`mission/${cancelled.id}`)
      .signal('signatureReceived', { signatureId: 'yousign/replay-1', signer: 'Claire Martin', signedAt: (await h.now()).toISOString(), level: 'advanced' });
    await waitFor('the signed mission to be active', async () => (await ok(h.api.get(`/api/v1/missions/${cancelled.id}`))).status === 'active');
    await h.skipTo(new Date(Date.UTC(year, 3, 1)));
    await ok(h.api.post(`/api/v1/missions/${cancelled.id}/cancel`));

    // A draft cancelled before validation.
    const draft = await ok(h.api.post('/api/v1/missions', { ...body, name: 'Replay: draft', lines: [vat] }));
    await ok(h.api.post(`/api/v1/missions/${draft.id}/cancel`));

    // The emails of the full-life mission's first information request (creation, reminders…).
    const [request] = await h.database.db.select({ id: informationRequests.id }).from(informationRequests).where(eq(informationRequests.missionId, full.id)).orderBy(informationRequests.dueDate).limit(1);
    if (!request) throw new Error('the full-life mission created no information request');
    return [
      [`mission-full-life${suffix}`, `mission/${full.id}`],
      [`service-line-monthly-amended${suffix}`, `mission/${full.id}/line/${signed.lines[0].id}`],
      [`service-line-quarterly${suffix}`, `mission/${full.id}/line/${signed.lines[1].id}`],
      [`mission-signal-signed-cancelled${suffix}`, `mission/${cancelled.id}`],
      [`mission-draft-cancelled${suffix}`, `mission/${draft.id}`],
      [`information-request-emails${suffix}`, `information-request/${request.id}`],
    ];
  },

  // A line whose first occurrence was committed by an attempt whose worker died before recording
  // it: the line's attempt finds it already created and starts its request's emails.
  async 'occurrence-retry'(h, ok) {
    const start = await h.now();
    const year = new Date(start.getTime() + 30 * DAY).getUTCFullYear() + 1;
    const vat = { serviceId: h.vatService.id, frequency: 'monthly', deadlineRule: { kind: 'day-of-month', day: 30 }, leadTimeDays: 10 };
    const mission = await ok(h.api.post('/api/v1/missions', { clientId: h.client.id, startDate: `${year}-01-01`, endDate: `${year}-12-31`, name: 'Replay: occurrence retry', lines: [vat] }));
    await ok(h.api.post(`/api/v1/missions/${mission.id}/validate`));
    const signed = await ok(h.api.post(`/api/v1/missions/${mission.id}/sign`, { signer: 'Claire Martin' }));
    const line = signed.lines[0];
    const first = await ok(h.api.get(`/api/v1/missions/${mission.id}/forecast`));
    const deadline = first.occurrences[0].deadline as string;
    const interrupted = await createOccurrence(h.database.db, { kind: 'system', organisationId: h.org.organisationId, label: 'Replay: interrupted attempt' }, { missionId: mission.id, lineId: line.id, deadline, at: await h.now() });
    if (interrupted.outcome !== 'created') throw new Error(`the interrupted attempt answered ${interrupted.outcome}`);
    await h.skipTo(new Date(Date.parse(first.occurrences[0].createAt) + DAY));
    const key = `information-request/${interrupted.informationRequestIds[0]}/created`;
    await waitFor('the request’s emails to start', async () => (await h.database.db.select({ id: outboxEmails.id }).from(outboxEmails).where(eq(outboxEmails.idempotencyKey, key))).length > 0);
    // The line continued as new after that occurrence: the path is in its first run.
    const lineId = `mission/${mission.id}/line/${line.id}`;
    const runs = [];
    for await (const run of h.env.client.workflow.list({ query: `WorkflowId = '${lineId}'` })) runs.push(run);
    const firstRun = runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime())[0]!;
    return [[`service-line-occurrence-retry${suffix}`, lineId, firstRun.runId]];
  },

  // A follow-up reminder moved once, then done.
  async 'follow-up-reminder'(h) {
    const now = await h.now();
    const handle = await h.env.client.workflow.start('followUpReminderWorkflow', {
      taskQueue: h.taskQueue,
      workflowId: 'follow-up/replay-action',
      args: [{ organisationId: h.org.organisationId, actionId: '00000000-0000-4000-8000-000000000001', dueAt: new Date(now.getTime() + 2 * DAY).toISOString() }],
    });
    await h.skipTo(new Date(now.getTime() + DAY));
    await handle.signal('actionMoved', { dueAt: new Date(now.getTime() + 3 * DAY).toISOString() });
    await h.skipTo(new Date(now.getTime() + 2 * DAY + 3_600_000));
    await handle.signal('actionDone');
    await handle.result();
    return [[`follow-up-reminder-moved-done${suffix}`, 'follow-up/replay-action']];
  },

  // An invoice follow-up paid before its first reminder (timers and the settlement signal).
  async 'invoice-follow-up'(h) {
    const issuedAt = await h.now();
    const invoice = await h.env.client.workflow.start('invoiceFollowUp', {
      taskQueue: h.taskQueue,
      workflowId: 'invoice/replay-paid',
      args: [{ organisationId: h.org.organisationId, invoiceId: '00000000-0000-4000-8000-000000000002', dueDate: new Date(issuedAt.getTime() + 10 * DAY).toISOString().slice(0, 10), reminderOffsets: [7, 15], outstandingCents: 120_000 }],
    });
    await h.skipTo(new Date(issuedAt.getTime() + 3 * DAY));
    await invoice.signal('settlementChanged', { outstandingCents: 0 });
    await invoice.result();
    return [[`invoice-follow-up-paid${suffix}`, 'invoice/replay-paid']];
  },

  // A quote sent, reminded on day 7, then signed through the signature module (its signal, sent twice).
  async 'quote-signed'(h, ok) {
    const api = quoteApi(h);
    const quote = await sentQuote(h, ok, api, 30);
    await h.skipTo(new Date(Date.parse(quote.sentAt) + 8 * DAY));
    const signature = { signatureId: 'builtin/replay-quote', signer: 'Claire Martin', signedAt: (await h.now()).toISOString(), level: 'simple', documentHash: `sha256:${'0'.repeat(64)}` };
    const handle = h.env.client.workflow.getHandle(`quote/${quote.id}`);
    await handle.signal('signatureReceived', signature);
    await handle.signal('signatureReceived', signature);
    await handle.result();
    return [[`quote-sent-reminded-signed${suffix}`, `quote/${quote.id}`]];
  },

  // A quote sent, reminded on day 7, and expired unanswered at the end of its validity.
  async 'quote-expired'(h, ok) {
    const api = quoteApi(h);
    const quote = await sentQuote(h, ok, api, 10);
    await h.skipTo(new Date(Date.parse(quote.sentAt) + 12 * DAY));
    await h.env.client.workflow.getHandle(`quote/${quote.id}`).result();
    return [[`quote-sent-reminded-expired${suffix}`, `quote/${quote.id}`]];
  },
};

/** An API client on an app that can send quotes (the outbox as email sender). */
function quoteApi(h: MissionHarness) {
  const emailSender = new OutboxEmailSender({ store: new DatabaseOutboxStore(h.database.db), directory: mkdtempSync(join(tmpdir(), 'echeance-replay-outbox-')) });
  const app = createTestApp(h.database, { temporal: { client: h.env.client, taskQueue: h.taskQueue, ping: async () => {} }, devClock: testServiceClock(h.env.connection), emailSender });
  return apiClient(app, h.org.collaboratorToken);
}

/** A quote of the harness's client sent today, valid `validityDays`, reminded on day 7. */
async function sentQuote(h: MissionHarness, ok: Ok, api: ReturnType<typeof quoteApi>, validityDays: number): Promise<{ id: string; sentAt: string }> {
  await ok(h.admin.put(`/api/v1/firms/${h.org.firm.id}/quote-settings`, { reminderDays: [7] }));
  const draft = await ok(api.post('/api/v1/quotes', { account: { kind: 'client', id: h.client.id }, lines: QUOTE_LINES, validUntil: addDays(businessDateOf(await h.now()), validityDays) }));
  return ok(api.post(`/api/v1/quotes/${draft.id}/send`));
}

async function main() {
  const unknown = (only ?? []).filter((name) => !(name in scenarios));
  if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${Object.keys(scenarios).join(', ')}`);
  const h = await startHarness();
  const ok: Ok = async (response) => {
    const { status, body } = await response;
    if (status >= 300) throw new Error(`${status} ${JSON.stringify(body)}`);
    return body;
  };
  try {
    const recorded: Array<[name: string, workflowId: string, runId?: string]> = [];
    for (const [name, scenario] of Object.entries(scenarios)) if (!only || only.includes(name)) recorded.push(...(await scenario(h, ok)));
    const files: Array<[URL, string, string]> = [];
    for (const [name, workflowId, runId] of recorded) {
      const file = new URL(`${name}.json`, directory);
      if (existsSync(file) && !overwrite) {
        process.stdout.write(`${name}.json: exists, kept (--overwrite to record it again)\n`);
        continue;
      }
      const history = await h.env.client.workflow.getHandle(workflowId, runId).fetchHistory();
      files.push([file, `${JSON.stringify(JSON.parse(historyToJSON(history)), null, 1)}\n`, `${name}.json: ${workflowId}, ${history.events?.length ?? 0} events\n`]);
    }
    for (const [file, text, line] of files) {
      writeFileSync(file, text);
      process.stdout.write(line);
    }
  } finally {
    await h.close();
  }
}

await main();
