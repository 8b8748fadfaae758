import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { invoiceReminders, outboxEmails, tasks } from '../../db/schema/index.ts';
import { invoiceFollowUpStateQuery, invoiceWorkflowId } from '../../workflows/invoice-follow-up.contract.ts';
import { seedOrganisation, type SeededOrganisation } from '../support/seed.ts';
import { createTestWorker, createTimeSkippingEnvironment } from '../support/temporal.ts';
import { apiClient, createTestApp, type ApiClient } from '../support/test-app.ts';
import { createTestDatabase } from '../support/test-database.ts';
import { pino } from 'pino';
import { workflowBundle } from '../../workflow-bundle.ts';
import type { AppDeps } from '../../api/context.ts';
import { startInvoiceFollowUp } from '../../api/routes/invoices/invoice-workflow.ts';
import { issueInvoice } from '../../domain/invoicing/issue-invoice.ts';
import { adminActor } from '../support/seed-catalogue.ts';
import { seedDraftInvoice, seedInvoicingFirm } from './invoicing-builders.ts';

let database: Database;
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let org: SeededOrganisation;
let api: ApiClient;
let temporalDeps: NonNullable<AppDeps['temporal']>;
const day = 86_400_000;

beforeAll(async () => {
  database = await createTestDatabase();
  env = await createTimeSkippingEnvironment();
  const created = await createTestWorker(env, database);
  worker = created.worker;
  running = worker.run();
  temporalDeps = { client: env.client, taskQueue: created.taskQueue, ping: async () => {} };
  const app = createTestApp(database, { temporal: temporalDeps });
  org = await seedOrganisation(database.db);
  await seedInvoicingFirm(database.db, org);
  api = apiClient(app, org.collaboratorToken);
}, 60_000);
afterAll(async () => {
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running;
  await env?.teardown();
  await database?.close();
});

/**
 * Issues a fresh draft (total 4 721,18 €, due 30 days later) on the server's "today" and starts
 * its follow-up as the API does. The API dates issues by the wall clock, which the server's
 * clock leaves behind once a test has skipped time, so the issue is dated by the server here.
 */
async function issueUnpaidInvoice() {
  const draft = await seedDraftInvoice(database.db, org);
  const issued = await issueInvoice(database.db, adminActor(org), draft.id, { now: new Date(Number(await env.currentTimeMs())) });
  await startInvoiceFollowUp({ temporal: temporalDeps, logger: pino({ level: 'silent' }) } as unknown as AppDeps, issued);
  return issued as typeof issued & { number: string; dueDate: string; assigneeUserId: string };
}

/** Sleeps the server until `days` after the invoice's due date, 10:00 Paris (reminders go at 09:00). */
async function sleepUntilDueDatePlus(dueDate: string, days: number) {
  const target = Date.parse(`${dueDate}T00:00:00Z`) + days * day + 9 * 3_600_000;
  const now = Number(await env.currentTimeMs());
  if (target > now) await env.sleep(target - now);
}

const remindersOf = (invoiceId: string) =>
  database.db.select().from(outboxEmails).where(like(outboxEmails.idempotencyKey, `invoice-reminder/${invoiceId}/%`)).orderBy(outboxEmails.createdAt);
const stateOf = (invoiceId: string) => env.client.workflow.getHandle(invoiceWorkflowId(invoiceId)).query(invoiceFollowUpStateQuery);

describe('invoice payment follow-up (time-skipping)', () => {
  it('sends each reminder on its day exactly once, with a task for the assignee at the last, and stops when paid', async () => {
    const invoice = await issueUnpaidInvoice();
    await sleepUntilDueDatePlus(invoice.dueDate, 6);
    expect(await remindersOf(invoice.id)).toHaveLength(0);

    // Each reminder goes out on its day (due date + offset, 09:00 Paris), not a day earlier.
    const keys = async () => (await remindersOf(invoice.id)).map((email) => email.idempotencyKey);
    const key = (offset: number) => `invoice-reminder/${invoice.id}/${offset}`;
    await sleepUntilDueDatePlus(invoice.dueDate, 7);
    expect(await keys()).toEqual([key(7)]);
    await sleepUntilDueDatePlus(invoice.dueDate, 14);
    expect(await keys()).toEqual([key(7)]);
    await sleepUntilDueDatePlus(invoice.dueDate, 15);
    expect(await keys()).toEqual([key(7), key(15)]);
    await sleepUntilDueDatePlus(invoice.dueDate, 29);
    expect(await keys()).toEqual([key(7), key(15)]);
    await sleepUntilDueDatePlus(invoice.dueDate, 30);
    expect(await keys()).toEqual([key(7), key(15), key(30)]);
    await sleepUntilDueDatePlus(invoice.dueDate, 40);
    const sent = await remindersOf(invoice.id);
    expect(sent.map((email) => email.idempotencyKey)).toEqual([7, 15, 30].map((offset) => `invoice-reminder/${invoice.id}/${offset}`));
    expect(sent.map((email) => email.subject)).toEqual([
      `Rappel : facture ${invoice.number} échue`,
      `Deuxième rappel : facture ${invoice.number}`,
      `Mise en demeure : facture ${invoice.number}`,
    ]);
    expect(sent[0]).toMatchObject({ toAddresses: ['claire@boulangerie-martin.test'], organisationId: org.organisationId });
    expect(sent[0]!.text).toContain('4 721,18 €');
    const [reminderRows, raised] = await Promise.all([
      database.db.select().from(invoiceReminders).where(eq(invoiceReminders.invoiceId, invoice.id)),
      database.db.select().from(tasks).where(and(eq(tasks.organisationId, org.organisationId), like(tasks.title, `Facture ${invoice.number} %`))),
    ]);
    expect(reminderRows).toHaveLength(3);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ assigneeUserId: org.collaborator.id, status: 'todo' });

    const paid = await api.post(`/api/v1/invoices/${invoice.id}/payments`, { amountCents: invoice.totalInclTaxCents, paidOn: '2027-01-01' });
    expect(paid.status).toBe(201);
    expect(paid.body.status).toBe('paid');
    const result = await env.client.workflow.getHandle(invoiceWorkflowId(invoice.id)).result();
    expect(result).toMatchObject({ status: 'settled', remindersSent: [7, 15, 30], outstandingCents: 0 });
    expect(await remindersOf(invoice.id)).toHaveLength(3);
  }, 120_000);

  it('sends no reminder for an invoice paid before its due date', async () => {
    const invoice = await issueUnpaidInvoice();
    await env.sleep(10 * day);
    expect((await api.post(`/api/v1/invoices/${invoice.id}/payments`, { amountCents: invoice.totalInclTaxCents, paidOn: '2026-12-10', method: 'transfer' })).status).toBe(201);
    expect(await env.client.workflow.getHandle(invoiceWorkflowId(invoice.id)).result()).toMatchObject({ status: 'settled', remindersSent: [] });
    await sleepUntilDueDatePlus(invoice.dueDate, 60);
    expect(await remindersOf(invoice.id)).toHaveLength(0);
  }, 120_000);

  it('keeps reminding for the rest after a partial payment, and a credit note covering the rest closes the follow-up', async () => {
    const invoice = await issueUnpaidInvoice();
    await sleepUntilDueDatePlus(invoice.dueDate, 8);
    expect(await remindersOf(invoice.id)).toHaveLength(1);
    const partial = await api.post(`/api/v1/invoices/${invoice.id}/payments`, { amountCents: 300_000, paidOn: '2027-01-05' });
    expect(partial.body).toMatchObject({ status: 'partially_paid', outstandingCents: invoice.totalInclTaxCents - 300_000 });
    expect(await stateOf(invoice.id)).toMatchObject({ status: 'waiting', outstandingCents: invoice.totalInclTaxCents - 300_000 });

    await sleepUntilDueDatePlus(invoice.dueDate, 16);
    const sent = await remindersOf(invoice.id);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.text).toContain('1 721,18 €');

    // The rest (1 721,18 € TTC) credited: 1 434,32 € HT at 20 % = 286,86 € VAT → 1 721,18 €.
    const credit = await api.post(`/api/v1/invoices/${invoice.id}/credit-notes`, {
      lines: [{ label: 'Remise commerciale sur la facture', quantity: 1, unitPriceCents: 143_432, vatRate: 20 }],
    });
    expect(credit.status).toBe(201);
    expect(credit.body.totalInclTaxCents).toBe(172_118);
    const issuedCredit = await api.post(`/api/v1/invoices/${credit.body.id}/issue`);
    expect(issuedCredit.status).toBe(200);
    expect(issuedCredit.body).toMatchObject({ kind: 'credit_note', status: 'issued' });
    expect(await env.client.workflow.getHandle(invoiceWorkflowId(invoice.id)).result()).toMatchObject({ status: 'settled', remindersSent: [7, 15] });
    const after = await api.get(`/api/v1/invoices/${invoice.id}`);
    expect(after.body).toMatchObject({ status: 'paid', paidCents: 300_000, creditedCents: 172_118, outstandingCents: 0 });
    await sleepUntilDueDatePlus(invoice.dueDate, 45);
    expect(await remindersOf(invoice.id)).toHaveLength(2);
  }, 120_000);

  it('replays every follow-up history it ran with the current workflow code (determinism)', async () => {
    const replayed: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, env.client.workflow.list().intoHistories())) {
      expect(result.error, `replay of ${result.workflowId}`).toBeUndefined();
      replayed.push(result.workflowId);
    }
    // This file's server ran only invoice follow-ups.
    expect(replayed.filter((id) => id.startsWith('invoice/')).length).toBeGreaterThanOrEqual(3);
  }, 120_000);
});
