/**
 * Records the histories test/replay/replay.test.ts replays: real runs of the `mission`,
 * `serviceLine`, `informationRequestEmails`, `followUpReminderWorkflow` and `invoiceFollowUp`
 * workflows on the project's time-skipping server, with the product's real worker, written to
 * test/replay/histories/<name>.json in Temporal's JSON history format.
 *
 *   npx tsx test/replay/record-histories.ts [suffix]
 *
 * Robust on a loaded machine: starting the dev server and worker is retried, waits poll against
 * a generous deadline instead of a fixed number of tries, and nothing is written unless every
 * history was fetched (a failed run leaves the committed files as they were).
 *
 * Run it when a workflow gains a new path worth protecting (and commit the new files); never
 * re-record an existing file to make a failing replay pass: that failure means running
 * workflows would break (see docs/workflow-versioning.md).
 */
import { writeFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../../db/client.ts';
import { informationRequests } from '../../db/schema/index.ts';
import { startMissionHarness, type MissionHarness } from '../missions/support/mission-harness.ts';
import { historyToJson } from './history-json.ts';

const DAY = 24 * 3_600_000;
const suffix = process.argv[2] ? `-${process.argv[2]}` : '';
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

async function main() {
  const h = await startHarness();
  const ok = async (response: Promise<{ status: number; body: any }>) => {
    const { status, body } = await response;
    if (status >= 300) throw new Error(`${status} ${JSON.stringify(body)}`);
    return body;
  };
  try {
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

    // A follow-up reminder moved once, then done.
    const reminder = h.env.client.workflow;
    const now = await h.now();
    const handle = await reminder.start('followUpReminderWorkflow', {
      taskQueue: h.taskQueue,
      workflowId: 'follow-up/replay-action',
      args: [{ organisationId: h.org.organisationId, actionId: '00000000-0000-4000-8000-000000000001', dueAt: new Date(now.getTime() + 2 * DAY).toISOString() }],
    });
    await h.skipTo(new Date(now.getTime() + DAY));
    await handle.signal('actionMoved', { dueAt: new Date(now.getTime() + 3 * DAY).toISOString() });
    await h.skipTo(new Date(now.getTime() + 2 * DAY + 3_600_000));
    await handle.signal('actionDone');
    await handle.result();

    // An invoice follow-up paid before its first reminder (timers and the settlement signal).
    const issuedAt = await h.now();
    const invoice = await h.env.client.workflow.start('invoiceFollowUp', {
      taskQueue: h.taskQueue,
      workflowId: 'invoice/replay-paid',
      args: [{ organisationId: h.org.organisationId, invoiceId: '00000000-0000-4000-8000-000000000002', dueDate: new Date(issuedAt.getTime() + 10 * DAY).toISOString().slice(0, 10), reminderOffsets: [7, 15], outstandingCents: 120_000 }],
    });
    await h.skipTo(new Date(issuedAt.getTime() + 3 * DAY));
    await invoice.signal('settlementChanged', { outstandingCents: 0 });
    await invoice.result();

    // The emails of the full-life mission's first information request (creation, reminders…).
    const [request] = await h.database.db.select({ id: informationRequests.id }).from(informationRequests).where(eq(informationRequests.missionId, full.id)).orderBy(informationRequests.dueDate).limit(1);
    if (!request) throw new Error('the full-life mission created no information request');

    const recorded: Array<[string, string]> = [
      [`mission-full-life${suffix}`, `mission/${full.id}`],
      [`service-line-monthly-amended${suffix}`, `mission/${full.id}/line/${signed.lines[0].id}`],
      [`service-line-quarterly${suffix}`, `mission/${full.id}/line/${signed.lines[1].id}`],
      [`mission-signal-signed-cancelled${suffix}`, `mission/${cancelled.id}`],
      [`mission-draft-cancelled${suffix}`, `mission/${draft.id}`],
      [`follow-up-reminder-moved-done${suffix}`, 'follow-up/replay-action'],
      [`information-request-emails${suffix}`, `information-request/${request.id}`],
      [`invoice-follow-up-paid${suffix}`, 'invoice/replay-paid'],
    ];
    const files: Array<[URL, string, string]> = [];
    for (const [name, workflowId] of recorded) {
      const history = await h.env.client.workflow.getHandle(workflowId).fetchHistory();
      files.push([new URL(`${name}.json`, directory), `${JSON.stringify(historyToJson(history), null, 1)}\n`, `${name}.json: ${workflowId}, ${history.events?.length ?? 0} events\n`]);
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
