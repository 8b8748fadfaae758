/**
 * Records the histories test/replay/replay.test.ts replays: real runs of the `mission`,
 * `serviceLine` and `followUpReminderWorkflow` workflows on the project's time-skipping server,
 * with the product's real worker, written to test/replay/histories/<name>.json.
 *
 *   npx tsx test/replay/record-histories.ts [suffix]
 *
 * Run it when a workflow gains a new path worth protecting (and commit the new files); never
 * re-record an existing file to make a failing replay pass: that failure means running
 * workflows would break (see docs/workflow-versioning.md).
 */
import { writeFileSync } from 'node:fs';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { openDatabase } from '../../db/client.ts';
import { startMissionHarness } from '../missions/support/mission-harness.ts';

const DAY = 24 * 3_600_000;
const suffix = process.argv[2] ? `-${process.argv[2]}` : '';
const directory = new URL('./histories/', import.meta.url);

async function main() {
  // In-memory PGlite: this script runs outside vitest (no per-file PostgreSQL clone).
  const database = await openDatabase({});
  await database.migrate();
  const h = await startMissionHarness({ database });
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
    for (let attempt = 0; attempt < 100 && (await ok(h.api.get(`/api/v1/missions/${cancelled.id}`))).status !== 'active'; attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
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

    const recorded: Array<[string, string]> = [
      [`mission-full-life${suffix}`, `mission/${full.id}`],
      [`service-line-monthly-amended${suffix}`, `mission/${full.id}/line/${signed.lines[0].id}`],
      [`service-line-quarterly${suffix}`, `mission/${full.id}/line/${signed.lines[1].id}`],
      [`mission-signal-signed-cancelled${suffix}`, `mission/${cancelled.id}`],
      [`mission-draft-cancelled${suffix}`, `mission/${draft.id}`],
      [`follow-up-reminder-moved-done${suffix}`, 'follow-up/replay-action'],
    ];
    for (const [name, workflowId] of recorded) {
      const history = await h.env.client.workflow.getHandle(workflowId).fetchHistory();
      writeFileSync(new URL(`${name}.json`, directory), `${JSON.stringify(JSON.parse(historyToJSON(history)), null, 1)}\n`);
      process.stdout.write(`${name}.json: ${workflowId}, ${history.events?.length ?? 0} events\n`);
    }
  } finally {
    await h.close();
  }
}

await main();
