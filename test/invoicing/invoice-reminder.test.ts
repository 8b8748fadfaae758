import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseOutboxStore } from '../../adapters/email/database-outbox-store.ts';
import { OutboxEmailSender } from '../../adapters/email/outbox-email-sender.ts';
import type { Database } from '../../db/client.ts';
import { outboxEmails, tasks } from '../../db/schema/index.ts';
import { recordPayment } from '../../domain/invoicing/record-payment.ts';
import { sendInvoiceReminder } from '../../domain/invoicing/send-invoice-reminder.ts';
import { adminActor } from '../support/seed-catalogue.ts';
import { seedOrganisation, type SeededOrganisation } from '../support/seed.ts';
import { createTestDatabase } from '../support/test-database.ts';
import { seedInvoicingFirm, seedIssuedInvoice } from './invoicing-builders.ts';

let database: Database;
let org: SeededOrganisation;
let deps: Parameters<typeof sendInvoiceReminder>[0];

beforeAll(async () => {
  database = await createTestDatabase();
  org = await seedOrganisation(database.db);
  await seedInvoicingFirm(database.db, org);
  const emailSender = new OutboxEmailSender({ store: new DatabaseOutboxStore(database.db), directory: mkdtempSync(path.join(tmpdir(), 'echeance-invoice-reminder-')) });
  deps = { db: database.db, emailSender, from: 'Échéance <no-reply@echeance.test>' };
});
afterAll(async () => {
  await database?.close();
});

describe('invoice reminder activity', () => {
  it('sends one email and raises one task however often the last reminder is retried, even concurrently', async () => {
    const invoice = await seedIssuedInvoice(database.db, org);
    const input = { organisationId: org.organisationId, invoiceId: invoice.id, offsetDays: 30, last: true };
    const results = await Promise.allSettled([sendInvoiceReminder(deps, input), sendInvoiceReminder(deps, input), sendInvoiceReminder(deps, input)]);
    const again = await sendInvoiceReminder(deps, input);
    expect(again).toMatchObject({ outcome: 'sent', outstandingCents: invoice.totalInclTaxCents });
    expect(results.some((result) => result.status === 'fulfilled')).toBe(true);
    const emails = await database.db.select().from(outboxEmails).where(like(outboxEmails.idempotencyKey, `invoice-reminder/${invoice.id}/%`));
    expect(emails).toHaveLength(1);
    expect(emails[0]!.subject).toBe(`Mise en demeure : facture ${invoice.number}`);
    const raised = await database.db.select().from(tasks).where(and(eq(tasks.organisationId, org.organisationId), like(tasks.title, `Facture ${invoice.number} %`)));
    expect(raised).toHaveLength(1);
  });

  it('sends nothing for an invoice paid in the meantime', async () => {
    const invoice = await seedIssuedInvoice(database.db, org);
    await recordPayment(database.db, adminActor(org), invoice.id, { amountCents: invoice.totalInclTaxCents, paidOn: '2026-12-01', method: 'transfer' });
    expect(await sendInvoiceReminder(deps, { organisationId: org.organisationId, invoiceId: invoice.id, offsetDays: 7, last: false })).toEqual({ outcome: 'settled' });
    expect(await database.db.select().from(outboxEmails).where(like(outboxEmails.idempotencyKey, `invoice-reminder/${invoice.id}/%`))).toHaveLength(0);
  });
});
