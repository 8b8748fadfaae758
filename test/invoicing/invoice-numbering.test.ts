import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { invoices } from '../../db/schema/index.ts';
import { issueInvoice } from '../../domain/invoicing/issue-invoice.ts';
import { adminActor } from '../support/seed-catalogue.ts';
import { seedClient } from '../support/seed-clients.ts';
import { seedOrganisation } from '../support/seed.ts';
import { createTestDatabase } from '../support/test-database.ts';
import { seedDraftInvoice, seedInvoicingFirm } from './invoicing-builders.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('invoice numbering', () => {
  it('gives 100 concurrent issues for one firm the numbers 1…100, none shared and none skipped', async () => {
    const org = await seedOrganisation(database.db);
    await seedInvoicingFirm(database.db, org);
    const client = await seedClient(database.db, org);
    const drafts = [];
    for (let i = 0; i < 100; i++) drafts.push(await seedDraftInvoice(database.db, org, undefined, client.id));
    const now = new Date('2026-11-30T10:00:00Z');
    const issued = await Promise.all(drafts.map((draft) => issueInvoice(database.db, adminActor(org), draft.id, { now })));
    const sequence = issued.map((invoice) => invoice.sequenceNumber!).sort((a, b) => a - b);
    expect(sequence).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(new Set(issued.map((invoice) => invoice.number)).size).toBe(100);
    expect(issued.map((invoice) => invoice.number)).toContain('F-2026-00100');
  });

  it('gives the number of an issue whose transaction fails back, so the next issue takes it', async () => {
    const org = await seedOrganisation(database.db);
    await seedInvoicingFirm(database.db, org);
    const now = new Date('2026-06-01T10:00:00Z');
    const first = await issueInvoice(database.db, adminActor(org), (await seedDraftInvoice(database.db, org)).id, { now });
    expect(first.number).toBe('F-2026-00001');

    const failing = await seedDraftInvoice(database.db, org);
    let numberSeen: string | null = null;
    await expect(
      issueInvoice(database.db, adminActor(org), failing.id, {
        now,
        beforeCommit: async (_tx, issued) => {
          numberSeen = issued.number;
          throw new Error('storage failed after numbering');
        },
      }),
    ).rejects.toThrow('storage failed after numbering');
    expect(numberSeen).toBe('F-2026-00002');
    const [stillDraft] = await database.db.select().from(invoices).where(eq(invoices.id, failing.id));
    expect(stillDraft).toMatchObject({ status: 'draft', number: null });

    const next = await issueInvoice(database.db, adminActor(org), failing.id, { now });
    expect(next.number).toBe('F-2026-00002');
  });

  it('starts a new sequence each year and keeps one per firm', async () => {
    const org = await seedOrganisation(database.db);
    await seedInvoicingFirm(database.db, org);
    const december = await issueInvoice(database.db, adminActor(org), (await seedDraftInvoice(database.db, org)).id, { now: new Date('2026-12-31T21:00:00Z') });
    // 23:30 in Paris on 31 December 2026 is still 2026; half an hour later is 2027.
    const lateEvening = await issueInvoice(database.db, adminActor(org), (await seedDraftInvoice(database.db, org)).id, { now: new Date('2026-12-31T22:30:00Z') });
    const newYear = await issueInvoice(database.db, adminActor(org), (await seedDraftInvoice(database.db, org)).id, { now: new Date('2026-12-31T23:30:00Z') });
    expect([december.number, lateEvening.number, newYear.number]).toEqual(['F-2026-00001', 'F-2026-00002', 'F-2027-00001']);
    const other = await seedOrganisation(database.db);
    await seedInvoicingFirm(database.db, other);
    const elsewhere = await issueInvoice(database.db, adminActor(other), (await seedDraftInvoice(database.db, other)).id, { now: new Date('2026-12-31T21:00:00Z') });
    expect(elsewhere.number).toBe('F-2026-00001');
  });
});
