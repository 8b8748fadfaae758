import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseOutboxStore } from '../../adapters/email/database-outbox-store.ts';
import type { EmailSender } from '../../adapters/email/email-sender.ts';
import { OutboxEmailSender } from '../../adapters/email/outbox-email-sender.ts';
import type { Database } from '../../db/client.ts';
import { outboxEmails } from '../../db/schema/index.ts';
import { seedOrganisation, type SeededOrganisation } from '../support/seed.ts';
import { createTestWorker, createTimeSkippingEnvironment } from '../support/temporal.ts';
import { apiClient, createTestApp, type ApiClient } from '../support/test-app.ts';
import { createTestDatabase } from '../support/test-database.ts';
import { sendFollowUpReminder } from '../../domain/prospects/actions/send-follow-up-reminder.ts';
import { followUpReminderWorkflowId } from '../../workflows/follow-up-reminder.signals.ts';
import { daysFromToday, seedProspect } from './prospect-builders.ts';

let database: Database;
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let emailSender: EmailSender;
let acme: SeededOrganisation;
let api: ApiClient;

const day = 86_400_000;

beforeAll(async () => {
  database = await createTestDatabase();
  env = await createTimeSkippingEnvironment();
  emailSender = new OutboxEmailSender({ store: new DatabaseOutboxStore(database.db), directory: mkdtempSync(join(tmpdir(), 'echeance-follow-up-')) });
  const created = await createTestWorker(env, database, { emailSender });
  worker = created.worker;
  running = worker.run();
  const app = createTestApp(database, { temporal: { client: env.client, taskQueue: created.taskQueue, ping: async () => {} } });
  acme = await seedOrganisation(database.db, 'Acme');
  api = apiClient(app, acme.collaboratorToken);
});
afterAll(async () => {
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running;
  await env?.teardown();
  await database?.close();
});

/**
 * A date `days` after the dev server's "today". The server's clock runs ahead of the wall clock
 * once a test has skipped time, while the API decides "past or future" on the wall clock; dates
 * counted from the server keep both views in the future.
 */
async function serverDaysFromNow(days: number): Promise<string> {
  const ahead = Math.ceil((Number(await env.currentTimeMs()) - Date.now()) / day);
  return daysFromToday(Math.max(0, ahead) + days);
}

const remindersOf = (actionId: string) => database.db.select().from(outboxEmails).where(like(outboxEmails.idempotencyKey, `follow-up-reminder/${actionId}/%`));
const resultOf = (actionId: string) => env.client.workflow.getHandle(followUpReminderWorkflowId(actionId)).result();

describe('overdue follow-up reminder (time-skipping)', () => {
  it('emails the operational salesperson exactly once when a to-do action’s date has passed', async () => {
    const prospect = await seedProspect(api, acme, { companyName: 'Garage Martin' });
    const action = await api.post(`/api/v1/prospects/${prospect.id}/actions`, { actionType: 'follow_up', dueDate: await serverDaysFromNow(3), description: 'Rappeler M. Martin' });
    expect(action.body.status).toBe('todo');
    await env.sleep(5 * day);
    expect(await resultOf(action.body.id)).toMatchObject({ outcome: 'sent' });
    await env.sleep(30 * day);
    const sent = await remindersOf(action.body.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ toAddresses: [acme.collaborator.email], organisationId: acme.organisationId });
    expect(sent[0]!.subject).toBe('Action à faire en retard : Relance — Garage Martin');
    expect(sent[0]!.text).toContain('Rappeler M. Martin');
  });

  it('never emails once the action is done', async () => {
    const prospect = await seedProspect(api, acme);
    const action = await api.post(`/api/v1/prospects/${prospect.id}/actions`, { actionType: 'meeting', dueDate: await serverDaysFromNow(3) });
    await env.sleep(1 * day);
    expect((await api.post(`/api/v1/prospect-actions/${action.body.id}/done`)).status).toBe(200);
    expect(await resultOf(action.body.id)).toEqual({ outcome: 'done' });
    await env.sleep(10 * day);
    expect(await remindersOf(action.body.id)).toHaveLength(0);
  });

  it('never emails for a deleted action', async () => {
    const prospect = await seedProspect(api, acme);
    const action = await api.post(`/api/v1/prospects/${prospect.id}/actions`, { actionType: 'meeting', dueDate: await serverDaysFromNow(3) });
    expect((await api.delete(`/api/v1/prospect-actions/${action.body.id}`)).status).toBe(204);
    expect(await resultOf(action.body.id)).toEqual({ outcome: 'deleted' });
    await env.sleep(10 * day);
    expect(await remindersOf(action.body.id)).toHaveLength(0);
  });

  it('re-arms the timer when the action is moved, and reminds at the new date only', async () => {
    const prospect = await seedProspect(api, acme);
    const action = await api.post(`/api/v1/prospects/${prospect.id}/actions`, { actionType: 'proposal', dueDate: await serverDaysFromNow(3) });
    const movedTo = await serverDaysFromNow(20);
    expect((await api.patch(`/api/v1/prospect-actions/${action.body.id}`, { dueDate: movedTo })).status).toBe(200);
    await env.sleep(10 * day);
    expect(await remindersOf(action.body.id)).toHaveLength(0);
    await env.sleep(15 * day);
    expect(await resultOf(action.body.id)).toMatchObject({ outcome: 'sent' });
    const sent = await remindersOf(action.body.id);
    expect(sent).toHaveLength(1);
    // No time: due at the end of the new day, i.e. midnight starting the next Paris day.
    expect(sent[0]!.idempotencyKey).toMatch(new RegExp(`^follow-up-reminder/${action.body.id}/${movedTo}T2[23]:00:00.000Z$`));
  });

  it('sends one email however often the reminder activity is retried', async () => {
    const prospect = await seedProspect(api, acme);
    const action = await api.post(`/api/v1/prospects/${prospect.id}/actions`, { actionType: 'other', dueDate: daysFromToday(400) });
    const deps = { db: database.db, emailSender, from: 'Échéance <no-reply@echeance.test>', publicBaseUrl: 'http://localhost:3000' };
    const input = { organisationId: acme.organisationId, actionId: action.body.id, dueAt: '' };
    const moved = await sendFollowUpReminder(deps, input);
    expect(moved.outcome).toBe('rescheduled');
    const due = (moved as { dueAt: string }).dueAt;
    const first = await sendFollowUpReminder(deps, { ...input, dueAt: due });
    const second = await sendFollowUpReminder(deps, { ...input, dueAt: due });
    expect(first).toMatchObject({ outcome: 'sent' });
    expect(second).toMatchObject({ outcome: 'sent', emailId: (first as { emailId: string }).emailId });
    expect(await remindersOf(action.body.id)).toHaveLength(1);
  });
});
