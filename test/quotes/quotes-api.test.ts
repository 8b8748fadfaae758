import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { expectHiddenFromOtherOrganisations } from '../support/cross-organisation.ts';
import { seedVatService } from '../support/seed-catalogue.ts';
import { seedClient } from '../support/seed-clients.ts';
import { seedOrganisation, type SeededOrganisation } from '../support/seed.ts';
import type { ApiClient } from '../support/test-app.ts';
import { startQuoteHarness, type QuoteHarness } from './quote-harness.ts';
import { seedContact, seedConvertibleProspect, seedFile, seedProspect } from '../prospects/prospect-builders.ts';
import { seedInvoicingFirm } from '../invoicing/invoicing-builders.ts';
import { QUOTE_LINES, seedDraftQuote, seedSentQuote } from './quote-builders.ts';

let h: QuoteHarness;
let database: Database;
let acme: SeededOrganisation;
let other: SeededOrganisation;
let api: ApiClient;
let admin: ApiClient;
let stranger: ApiClient;

beforeAll(async () => {
  h = await startQuoteHarness();
  ({ database, api, admin, stranger, other } = h);
  acme = h.org;
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const totalsOf = (quote: any) => ({ ht: quote.totalExclTaxCents, vat: quote.totalVatCents, ttc: quote.totalInclTaxCents, breakdown: quote.vatBreakdown });

describe('creating quotes from seed 002’s four entry points', () => {
  it('creates a draft from the quote list for the named client, addressed to its preferred contact, valid 30 days', async () => {
    const client = await seedClient(database.db, acme);
    const quote = await seedDraftQuote(api, client.id);
    expect(quote).toMatchObject({ origin: 'list', accountKind: 'client', clientId: client.id, contactId: client.contacts[0]!.id, status: 'draft', number: null, assigneeUserId: acme.collaborator.id });
    const today = new Date().toISOString().slice(0, 10);
    const days = (Date.parse(quote.validUntil) - Date.parse(today)) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(29);
    expect(days).toBeLessThanOrEqual(31);
    // 12 × 250 € + (960 € − 10 %) at 20 %; 2 × 39,99 € at 5,5 % (VAT 4,3989 → 4,40 €, per line); the optional line does not count.
    expect(totalsOf(quote)).toEqual({
      ht: 394_398,
      vat: 77_720,
      ttc: 472_118,
      breakdown: [
        { vatRate: 20, baseCents: 386_400, vatCents: 77_280 },
        { vatRate: 5.5, baseCents: 7_998, vatCents: 440 },
      ],
    });
    expect(quote.lines[3]).toMatchObject({ optional: true, selected: false, netCents: 30_000, vatCents: 6_000 });
  });

  it('creates a draft from a prospect file: the file’s prospect, its preferred contact and its holder', async () => {
    const prospect = await seedProspect(api, acme);
    const contact = await seedContact(api, prospect.id);
    const file = await seedFile(api, prospect.id, { firmId: acme.firm.id, holderUserId: acme.admin.id });
    const response = await api.post(`/api/v1/prospect-files/${file.id}/quotes`, { lines: QUOTE_LINES });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({ origin: 'prospect_file', accountKind: 'prospect', prospectId: prospect.id, clientId: null, prospectFileId: file.id, contactId: contact.id, assigneeUserId: acme.admin.id });
    const listed = await api.get(`/api/v1/quotes?prospectFileId=${file.id}`);
    expect(listed.body.items.map((q: any) => q.id)).toEqual([response.body.id]);
  });

  it('creates a draft from an account page, for a client or for a prospect, with any contact of the account', async () => {
    const client = await seedClient(database.db, acme, {
      contacts: [
        { firstName: 'Claire', lastName: 'Martin', email: 'claire@martin.test', isPreferred: true },
        { firstName: 'Paul', lastName: 'Martin', email: 'paul@martin.test', isPreferred: false },
      ],
    });
    const paul = client.contacts.find((c) => c.firstName === 'Paul')!;
    const fromClient = await api.post(`/api/v1/clients/${client.id}/quotes`, { contactId: paul.id, lines: QUOTE_LINES });
    expect(fromClient.status, JSON.stringify(fromClient.body)).toBe(201);
    expect(fromClient.body).toMatchObject({ origin: 'account', accountKind: 'client', clientId: client.id, contactId: paul.id });

    const prospect = await seedProspect(api, acme);
    const contact = await seedContact(api, prospect.id);
    const fromProspect = await api.post(`/api/v1/prospects/${prospect.id}/quotes`, { lines: QUOTE_LINES });
    expect(fromProspect.status, JSON.stringify(fromProspect.body)).toBe(201);
    expect(fromProspect.body).toMatchObject({ origin: 'account', accountKind: 'prospect', prospectId: prospect.id, contactId: contact.id, assigneeUserId: acme.collaborator.id });

    const strangersContact = (await seedClient(database.db, other)).contacts[0]!;
    const refused = await api.post(`/api/v1/clients/${client.id}/quotes`, { contactId: strangersContact.id, lines: QUOTE_LINES });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'contactId' })]);
  });

  it('creates a draft from a contact page, client or prospect contact, addressed to that contact', async () => {
    const client = await seedClient(database.db, acme);
    const fromClientContact = await api.post(`/api/v1/clients/${client.id}/contacts/${client.contacts[0]!.id}/quotes`, { lines: QUOTE_LINES });
    expect(fromClientContact.status, JSON.stringify(fromClientContact.body)).toBe(201);
    expect(fromClientContact.body).toMatchObject({ origin: 'contact', clientId: client.id, contactId: client.contacts[0]!.id });

    const prospect = await seedProspect(api, acme);
    const contact = await seedContact(api, prospect.id);
    const fromProspectContact = await api.post(`/api/v1/prospect-contacts/${contact.id}/quotes`, { lines: QUOTE_LINES });
    expect(fromProspectContact.status, JSON.stringify(fromProspectContact.body)).toBe(201);
    expect(fromProspectContact.body).toMatchObject({ origin: 'contact', accountKind: 'prospect', prospectId: prospect.id, contactId: contact.id });
  });

  it('takes a catalogue line’s label, price and VAT rate from the service unless given', async () => {
    const client = await seedClient(database.db, acme);
    const service = await seedVatService(database.db, acme);
    const quote = await seedDraftQuote(api, client.id, { lines: [{ serviceId: service.id, quantity: 3 }, { serviceId: service.id, label: 'Remise exceptionnelle', unitPriceCents: 1_000, vatRate: 10 }] });
    expect(quote.lines[0]).toMatchObject({ serviceId: service.id, label: service.internalLabel, unitPriceCents: service.defaultPriceCents, vatRate: service.vatRateBasisPoints / 100, quantity: 3 });
    expect(quote.lines[1]).toMatchObject({ serviceId: service.id, label: 'Remise exceptionnelle', unitPriceCents: 1_000, vatRate: 10, quantity: 1 });
  });

  it('refuses bad lines with 400 naming each field, and writes nothing', async () => {
    const client = await seedClient(database.db, acme);
    const otherService = await seedVatService(database.db, other);
    const before = (await api.get(`/api/v1/quotes?clientId=${client.id}`)).body.total;
    const bad = await api.post('/api/v1/quotes', { account: { kind: 'client', id: client.id }, lines: [{ quantity: 1, unitPriceCents: 100, vatRate: 20 }, { label: 'x', unitPriceCents: -1, vatRate: 19 }] });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.field).sort()).toEqual(['lines.0.label', 'lines.1.unitPriceCents', 'lines.1.vatRate']);
    const foreignService = await api.post('/api/v1/quotes', { account: { kind: 'client', id: client.id }, lines: [{ serviceId: otherService.id }] });
    expect(foreignService.status).toBe(400);
    expect(foreignService.body.errors).toEqual([expect.objectContaining({ field: 'lines.0.serviceId' })]);
    const foreignClient = await api.post('/api/v1/quotes', { account: { kind: 'client', id: (await seedClient(database.db, other)).id }, lines: QUOTE_LINES });
    expect(foreignClient.status).toBe(400);
    expect(foreignClient.body.errors).toEqual([expect.objectContaining({ field: 'account.id' })]);
    expect((await api.get(`/api/v1/quotes?clientId=${client.id}`)).body.total).toBe(before);
  });
});

/** The oracle: a line's amounts from the definition, in exact rational arithmetic (BigInt). */
function expectedLine(line: { quantity: number; unitPriceCents: number; discountPercent: number; vatRate: number }) {
  const roundHalfAway = (n: bigint, d: bigint) => {
    const sign = n < 0n ? -1n : 1n;
    const q = (sign * n * 2n + d) / (2n * d);
    return Number(sign * q);
  };
  const net = roundHalfAway(BigInt(Math.round(line.quantity * 1000)) * BigInt(line.unitPriceCents) * BigInt(10_000 - Math.round(line.discountPercent * 100)), 10_000_000n);
  const vat = roundHalfAway(BigInt(net) * BigInt(Math.round(line.vatRate * 100)), 10_000n);
  return { net, vat };
}

describe('quote totals', () => {
  it('computes totals and the VAT breakdown exactly, rounding per line, for random lines (property)', async () => {
    const client = await seedClient(database.db, acme);
    const line = fc.record({
      label: fc.constant('Prestation'),
      quantity: fc.integer({ min: -100_000, max: 100_000 }).filter((q) => q !== 0).map((q) => q / 1000),
      unitPriceCents: fc.integer({ min: 0, max: 1_000_000 }),
      vatRate: fc.constantFrom(20, 10, 8.5, 5.5, 2.1, 1.05, 0),
      discountPercent: fc.integer({ min: 0, max: 10_000 }).map((d) => d / 100),
      optional: fc.boolean(),
      selected: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 12 }), async (lines) => {
        const response = await api.post('/api/v1/quotes', { account: { kind: 'client', id: client.id }, lines });
        expect(response.status, JSON.stringify(response.body)).toBe(201);
        const quote = response.body;
        const breakdown = new Map<number, { baseCents: number; vatCents: number }>();
        let ht = 0;
        let vat = 0;
        lines.forEach((input, index) => {
          const { net, vat: lineVat } = expectedLine(input);
          expect(quote.lines[index]).toMatchObject({ netCents: net, vatCents: lineVat, optional: input.optional, selected: input.optional && input.selected });
          if (input.optional && !input.selected) return;
          ht += net;
          vat += lineVat;
          const row = breakdown.get(input.vatRate) ?? { baseCents: 0, vatCents: 0 };
          breakdown.set(input.vatRate, { baseCents: row.baseCents + net, vatCents: row.vatCents + lineVat });
        });
        expect(totalsOf(quote)).toEqual({
          ht,
          vat,
          ttc: ht + vat,
          breakdown: [...breakdown.entries()].sort(([a], [b]) => b - a).map(([vatRate, row]) => ({ vatRate, ...row })),
        });
      }),
      { numRuns: 60 },
    );
  });
});

describe('quote lifecycle through the API', () => {
  it('duplicates a sent quote’s lines into a new draft, without its number, events or views', async () => {
    const client = await seedClient(database.db, acme);
    const sent = await seedSentQuote(api, client.id, { notes: 'Tarifs 2026', title: 'Mission comptable' });
    const response = await api.post(`/api/v1/quotes/${sent.id}/duplicate`);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const copy = response.body;
    expect(copy).toMatchObject({ status: 'draft', number: null, sentAt: null, viewCount: 0, acceptance: null, duplicatedFromId: sent.id, notes: 'Tarifs 2026', title: 'Mission comptable', clientId: client.id, contactId: sent.contactId });
    expect(copy.id).not.toBe(sent.id);
    expect(copy.lines).toEqual(sent.lines);
    expect(totalsOf(copy)).toEqual(totalsOf(sent));
    expect((await api.get(`/api/v1/quotes/${copy.id}/history`)).body.items).toEqual([]);
    expect((await api.get(`/api/v1/quotes/${sent.id}/history`)).body.items.map((e: any) => e.kind)).toEqual(['sent']);
  });

  it('numbers 50 concurrent first sends D-<year>-00001…00050 with no gap and no repeat', async () => {
    const org = await seedOrganisation(database.db);
    const orgApi = h.clientFor(org.collaboratorToken);
    const client = await seedClient(database.db, org);
    const drafts = [];
    for (let i = 0; i < 50; i++) drafts.push(await seedDraftQuote(orgApi, client.id));
    const sends = await Promise.all(drafts.map((draft) => orgApi.post(`/api/v1/quotes/${draft.id}/send`)));
    expect(sends.map((s) => s.status)).toEqual(drafts.map(() => 200));
    const year = new Date().getUTCFullYear();
    const numbers = sends.map((s) => s.body.number as string).sort();
    const expected = Array.from({ length: 50 }, (_, i) => `D-${year}-${String(i + 1).padStart(5, '0')}`);
    // (A first send within minutes of the new year in Paris would number in the next year: not a concern at test time.)
    expect(numbers).toEqual(expected);
    const again = await orgApi.post(`/api/v1/quotes/${drafts[0]!.id}/send`);
    expect(again.status).toBe(409);
    expect(again.body.reason).toBe('quote_status_conflict');
  });

  it('refuses to edit a sent quote (409 quote_status_conflict) and lets staff cancel, decline or accept it once', async () => {
    const client = await seedClient(database.db, acme);
    const sent = await seedSentQuote(api, client.id);
    const edit = await api.patch(`/api/v1/quotes/${sent.id}`, { notes: 'changé' });
    expect(edit.status).toBe(409);
    expect(edit.body).toMatchObject({ status: 409, reason: 'quote_status_conflict' });

    const accepted = await api.post(`/api/v1/quotes/${sent.id}/accept`, { signer: 'Claire Martin' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', acceptance: { level: 'manual', signer: 'Claire Martin' } });
    const declined = await api.post(`/api/v1/quotes/${sent.id}/decline`, { reason: 'Trop cher' });
    expect(declined.status).toBe(409);
    expect(declined.body.reason).toBe('quote_status_conflict');

    const draft = await seedDraftQuote(api, client.id);
    const patched = await api.patch(`/api/v1/quotes/${draft.id}`, { notes: 'Nouvelle note', lines: [QUOTE_LINES[0]] });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ notes: 'Nouvelle note', totalExclTaxCents: 300_000 });
    expect((await api.post(`/api/v1/quotes/${draft.id}/cancel`)).body.status).toBe('cancelled');
  });

  it('keeps firm quote settings per firm: admins write them, the validity default follows them', async () => {
    const forbidden = await api.put(`/api/v1/firms/${acme.firm.id}/quote-settings`, { validityDays: 45 });
    expect(forbidden.status).toBe(403);
    const saved = await admin.put(`/api/v1/firms/${acme.firm.id}/quote-settings`, { validityDays: 45, reminderDays: [14, 7], eSignatureEnabled: true });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ validityDays: 45, reminderDays: [7, 14], eSignatureEnabled: true });
    const quote = await seedDraftQuote(api, (await seedClient(database.db, acme)).id);
    const days = (Date.parse(quote.validUntil) - Date.parse(new Date().toISOString().slice(0, 10))) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(44);
    await admin.put(`/api/v1/firms/${acme.firm.id}/quote-settings`, { validityDays: 30 });
  });
});

describe('from a quote', () => {
  it('creates one sales order from an accepted quote, with the lines accepted, and none from a sent one', async () => {
    const client = await seedClient(database.db, acme);
    const sent = await seedSentQuote(api, client.id);
    const early = await api.post(`/api/v1/quotes/${sent.id}/sales-order`);
    expect(early.status).toBe(409);
    expect(early.body.reason).toBe('quote_status_conflict');
    expect((await api.post(`/api/v1/quotes/${sent.id}/accept`, { signer: 'Claire Martin' })).status).toBe(200);
    const order = await api.post(`/api/v1/quotes/${sent.id}/sales-order`);
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    expect(order.body).toMatchObject({ clientId: client.id, source: { kind: 'quote', quoteId: sent.id, quoteNumber: sent.number }, totalInclTaxCents: sent.totalInclTaxCents, vatBreakdown: sent.vatBreakdown });
    expect(order.body.lines.map((line: any) => line.label)).toEqual(QUOTE_LINES.slice(0, 3).map((line) => line.label));
    const again = await api.post(`/api/v1/quotes/${sent.id}/sales-order`);
    expect(again.status).toBe(409);
    expect(again.body.reason).toBe('quote_already_ordered');
  });

  it('takes an accepted quote to a sales order, a down-payment invoice and the final invoice, whose totals add up to the quote’s', async () => {
    await seedInvoicingFirm(database.db, acme);
    const client = await seedClient(database.db, acme);
    const sent = await seedSentQuote(api, client.id);
    expect((await api.post(`/api/v1/quotes/${sent.id}/accept`, { signer: 'Claire Martin' })).status).toBe(200);
    const order = await api.post(`/api/v1/quotes/${sent.id}/sales-order`);
    expect(order.status, JSON.stringify(order.body)).toBe(201);

    const downPayment = await api.post('/api/v1/invoices/from-sales-order', { salesOrderId: order.body.id, downPaymentPercent: 30 });
    expect(downPayment.status, JSON.stringify(downPayment.body)).toBe(201);
    expect(downPayment.body).toMatchObject({ kind: 'down_payment', downPaymentPercent: '30.00' });
    // 30 % of each VAT rate's base, rounded to the cent, and its VAT.
    for (const [index, rate] of sent.vatBreakdown.entries()) {
      expect(downPayment.body.vatBreakdown[index].vatRate).toBe(rate.vatRate);
      expect(Math.abs(downPayment.body.vatBreakdown[index].baseCents - (rate.baseCents * 30) / 100)).toBeLessThanOrEqual(0.5);
    }
    const issuedDownPayment = await api.post(`/api/v1/invoices/${downPayment.body.id}/issue`);
    expect(issuedDownPayment.status, JSON.stringify(issuedDownPayment.body)).toBe(200);

    const final = await api.post('/api/v1/invoices/from-sales-order', { salesOrderId: order.body.id });
    expect(final.status, JSON.stringify(final.body)).toBe(201);
    expect(final.body.kind).toBe('final');
    expect(final.body.totalInclTaxCents + issuedDownPayment.body.totalInclTaxCents).toBe(sent.totalInclTaxCents);
    expect(final.body.totalExclTaxCents + issuedDownPayment.body.totalExclTaxCents).toBe(sent.totalExclTaxCents);
    expect((await api.post(`/api/v1/invoices/${final.body.id}/issue`)).status).toBe(200);
    expect((await api.get(`/api/v1/sales-orders/${order.body.id}`)).body.status).toBe('invoiced');
  });
  it('creates a task for the quote’s client, assigned to the quote’s assignee, recorded in the quote’s history', async () => {
    const client = await seedClient(database.db, acme);
    const quote = await seedDraftQuote(api, client.id, { assigneeUserId: acme.collaborator.id });
    const task = await api.post(`/api/v1/quotes/${quote.id}/task`, { title: 'Relancer Claire Martin', dueDate: '2030-01-15' });
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    expect(task.body).toMatchObject({ clientId: client.id, assigneeUserId: acme.collaborator.id, title: 'Relancer Claire Martin', dueDate: '2030-01-15', source: 'manual', status: 'todo' });
    const other = await api.post(`/api/v1/quotes/${quote.id}/task`, { title: 'Préparer la lettre de mission', assigneeUserId: acme.admin.id });
    expect(other.body.assigneeUserId).toBe(acme.admin.id);
    const history = await api.get(`/api/v1/quotes/${quote.id}/history`);
    expect(history.body.items.filter((event: any) => event.kind === 'task_created').map((event: any) => event.detail.taskId).sort()).toEqual([task.body.id, other.body.id].sort());

    const bad = await api.post(`/api/v1/quotes/${quote.id}/task`, { title: '', dueDate: 'demain' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: any) => error.field).sort()).toEqual(['dueDate', 'title']);
    expect((await api.post(`/api/v1/quotes/${quote.id}/cancel`)).status).toBe(200);
    const refused = await api.post(`/api/v1/quotes/${quote.id}/task`, { title: 'Trop tard' });
    expect(refused.status).toBe(409);
    expect(refused.body.reason).toBe('quote_status_conflict');
  });

  it('creates one draft invoice straight from an accepted quote, with the lines accepted, and none from a sent one', async () => {
    await seedInvoicingFirm(database.db, acme);
    const client = await seedClient(database.db, acme);
    const sent = await seedSentQuote(api, client.id);
    const early = await api.post(`/api/v1/quotes/${sent.id}/invoice`);
    expect(early.status).toBe(409);
    expect(early.body.reason).toBe('quote_status_conflict');
    expect((await api.post(`/api/v1/quotes/${sent.id}/accept`, { signer: 'Claire Martin' })).status).toBe(200);
    const [first, second] = await Promise.all([api.post(`/api/v1/quotes/${sent.id}/invoice`), api.post(`/api/v1/quotes/${sent.id}/invoice`)]);
    const invoice = first!.status === 201 ? first! : second!;
    const again = first!.status === 201 ? second! : first!;
    expect(invoice.status, JSON.stringify(invoice.body)).toBe(201);
    expect(invoice.body).toMatchObject({ kind: 'invoice', status: 'draft', clientId: client.id, buyerReference: `Devis ${sent.number}`, totalInclTaxCents: sent.totalInclTaxCents, vatBreakdown: sent.vatBreakdown });
    expect(invoice.body.lines.map((line: any) => line.label)).toEqual(QUOTE_LINES.slice(0, 3).map((line) => line.label));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ reason: 'quote_already_invoiced', invoiceId: invoice.body.id });
  });

  it('signs the prospect file of a won quote and converts the prospect, once; an incomplete file stays open', async () => {
    await seedInvoicingFirm(database.db, acme);
    const { prospect, file } = await seedConvertibleProspect(api, acme, { companyName: 'Boulangerie Gagnée' });
    const quote = await api.post(`/api/v1/prospect-files/${file.id}/quotes`, { lines: QUOTE_LINES });
    expect(quote.status, JSON.stringify(quote.body)).toBe(201);
    expect((await api.post(`/api/v1/quotes/${quote.body.id}/send`)).status).toBe(200);
    const early = await api.post(`/api/v1/quotes/${quote.body.id}/task`, { title: 'Appeler le gérant' });
    expect(early.status).toBe(422);
    expect(early.body.reason).toBe('quote_account_not_client');
    expect((await api.post(`/api/v1/quotes/${quote.body.id}/accept`, { signer: 'Claire Martin' })).status).toBe(200);
    expect((await api.post(`/api/v1/quotes/${quote.body.id}/accept`, { signer: 'Claire Martin' })).status).toBe(200);
    const signedFile = await api.get(`/api/v1/prospect-files/${file.id}`);
    expect(signedFile.body).toMatchObject({ status: 'signed' });
    expect(signedFile.body.signedAt).toBeTruthy();
    const converted = await api.get(`/api/v1/prospects/${prospect.id}`);
    expect(converted.body).toMatchObject({ status: 'signed' });
    expect(converted.body.clientId).toBeTruthy();
    const accepted = (await api.get(`/api/v1/quotes/${quote.body.id}/history`)).body.items.filter((event: any) => event.kind === 'accepted');
    expect(accepted).toHaveLength(1);
    expect(accepted[0].detail.prospectFile).toEqual({ signed: true, clientId: converted.body.clientId });
    // The converted prospect's client now receives the invoice and the task.
    const invoice = await api.post(`/api/v1/quotes/${quote.body.id}/invoice`);
    expect(invoice.status, JSON.stringify(invoice.body)).toBe(201);
    expect(invoice.body.clientId).toBe(converted.body.clientId);

    const incomplete = await seedProspect(api, acme);
    await seedContact(api, incomplete.id);
    const openFile = await seedFile(api, incomplete.id, { firmId: acme.firm.id, holderUserId: acme.admin.id });
    const other = await api.post(`/api/v1/prospect-files/${openFile.id}/quotes`, { lines: QUOTE_LINES });
    expect((await api.post(`/api/v1/quotes/${other.body.id}/send`)).status).toBe(200);
    expect((await api.post(`/api/v1/quotes/${other.body.id}/accept`, { signer: 'Paul Durand' })).body.status).toBe('accepted');
    expect((await api.get(`/api/v1/prospect-files/${openFile.id}`)).body.status).toBe('in_progress');
    const event = (await api.get(`/api/v1/quotes/${other.body.id}/history`)).body.items.find((item: any) => item.kind === 'accepted');
    expect(event.detail.prospectFile).toEqual({ signed: false, reason: 'not_convertible', missing: ['letterTemplate', 'offer'] });
  });
});

describe('tenancy', () => {
  it('answers 404 to another organisation for a quote, its actions and its account’s entry points', async () => {
    const client = await seedClient(database.db, acme);
    const quote = await seedDraftQuote(api, client.id);
    await expectHiddenFromOtherOrganisations(api, stranger, {
      resourcePath: `/api/v1/quotes/${quote.id}`,
      update: { body: { notes: 'piraté' } },
      deletable: false,
      actions: [
        { method: 'GET', path: `/api/v1/quotes/${quote.id}/history` },
        { method: 'POST', path: `/api/v1/quotes/${quote.id}/send`, body: {} },
        { method: 'POST', path: `/api/v1/quotes/${quote.id}/duplicate`, body: {} },
        { method: 'POST', path: `/api/v1/quotes/${quote.id}/cancel`, body: {} },
        { method: 'POST', path: `/api/v1/quotes/${quote.id}/accept`, body: { signer: 'X' } },
        { method: 'POST', path: `/api/v1/quotes/${quote.id}/decline`, body: { reason: 'X' } },
        { method: 'POST', path: `/api/v1/clients/${client.id}/quotes`, body: { lines: QUOTE_LINES } },
        { method: 'POST', path: `/api/v1/clients/${client.id}/contacts/${client.contacts[0]!.id}/quotes`, body: { lines: QUOTE_LINES } },
        { method: 'GET', path: `/api/v1/firms/${acme.firm.id}/quote-settings` },
        { method: 'POST', path: `/api/v1/quotes/${quote.id}/sales-order`, body: {} },
        { method: 'POST', path: `/api/v1/quotes/${quote.id}/invoice`, body: {} },
        { method: 'POST', path: `/api/v1/quotes/${quote.id}/task`, body: { title: 'Piratage' } },
        { method: 'POST', path: `/api/v1/quotes/${quote.id}/remind`, body: {} },
        { method: 'GET', path: `/api/v1/quotes/${quote.id}/pdf` },
      ],
    });
    expect((await stranger.get('/api/v1/quotes')).body.items.map((q: any) => q.id)).not.toContain(quote.id);
  });
});
