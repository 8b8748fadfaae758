import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPdfRenderer, DEFAULT_CHROMIUM_PATH, type PdfRenderer } from '../../adapters/pdf/pdf-renderer.ts';
import type { Database } from '../../db/client.ts';
import { createSalesOrder } from '../../domain/invoicing/create-sales-order.ts';
import { adminActor } from '../support/seed-catalogue.ts';
import { expectHiddenFromOtherOrganisations } from '../support/cross-organisation.ts';
import { seedClient } from '../support/seed-clients.ts';
import { seedOrganisation, type SeededOrganisation } from '../support/seed.ts';
import { apiClient, createTestApp, type ApiClient } from '../support/test-app.ts';
import { createTestDatabase } from '../support/test-database.ts';
import { DEFAULT_REMINDER_STEPS, FIRM_SIREN, frenchVatNumber, SAMPLE_LINES, seedInvoicingFirm } from './invoicing-builders.ts';

let database: Database;
let pdfRenderer: PdfRenderer;
let acme: SeededOrganisation;
let other: SeededOrganisation;
let api: ApiClient;
let admin: ApiClient;
let stranger: ApiClient;

beforeAll(async () => {
  database = await createTestDatabase();
  pdfRenderer = createPdfRenderer({ chromiumPath: DEFAULT_CHROMIUM_PATH, poolSize: 1 });
  const app = createTestApp(database, { pdfRenderer });
  acme = await seedOrganisation(database.db, 'Acme');
  other = await seedOrganisation(database.db, 'Other');
  await seedInvoicingFirm(database.db, acme);
  await seedInvoicingFirm(database.db, other);
  api = apiClient(app, acme.collaboratorToken);
  admin = apiClient(app, acme.adminToken);
  stranger = apiClient(app, other.adminToken);
}, 60_000);
afterAll(async () => {
  await pdfRenderer?.close();
  await database?.close();
});

const pick = (invoice: { totalExclTaxCents: number; totalVatCents: number; totalInclTaxCents: number; vatBreakdown: unknown }) => ({
  ht: invoice.totalExclTaxCents,
  vat: invoice.totalVatCents,
  ttc: invoice.totalInclTaxCents,
  breakdown: invoice.vatBreakdown,
});

describe('sales orders and invoices through the API', () => {
  it('takes a sales order to a down payment and a final invoice with exact totals, and marks the order invoiced', async () => {
    const client = await seedClient(database.db, acme);
    const order = await api.post('/api/v1/sales-orders', { clientId: client.id, lines: SAMPLE_LINES });
    expect(order.status).toBe(201);
    expect(order.body).toMatchObject({ status: 'open', source: { kind: 'direct' } });
    expect(order.body.number).toMatch(/^CC-\d{4}-00001$/);
    // 12 × 250 € + (960 € − 10 %) at 20 %; 2 × 39,99 € at 5,5 % (VAT 4,3989 → 4,40 €, rounded per line).
    expect(pick(order.body)).toEqual({
      ht: 394_398,
      vat: 77_720,
      ttc: 472_118,
      breakdown: [
        { vatRate: 20, baseCents: 386_400, vatCents: 77_280 },
        { vatRate: 5.5, baseCents: 7_998, vatCents: 440 },
      ],
    });

    const downPayment = await api.post('/api/v1/invoices/from-sales-order', { salesOrderId: order.body.id, downPaymentPercent: 30 });
    expect(downPayment.status).toBe(201);
    expect(downPayment.body).toMatchObject({ kind: 'down_payment', status: 'draft', downPaymentPercent: '30.00' });
    expect(pick(downPayment.body)).toEqual({
      ht: 118_319,
      vat: 23_316,
      ttc: 141_635,
      breakdown: [
        { vatRate: 20, baseCents: 115_920, vatCents: 23_184 },
        { vatRate: 5.5, baseCents: 2_399, vatCents: 132 },
      ],
    });
    const issuedDownPayment = await api.post(`/api/v1/invoices/${downPayment.body.id}/issue`);
    expect(issuedDownPayment.status).toBe(200);

    const final = await api.post('/api/v1/invoices/from-sales-order', { salesOrderId: order.body.id });
    expect(final.body.kind).toBe('final');
    expect(final.body.lines.at(-1)).toMatchObject({ quantity: -1, unitPriceCents: 2_399, netCents: -2_399, label: `Déduction de l’acompte ${issuedDownPayment.body.number}` });
    expect(pick(final.body)).toEqual({
      ht: 276_079,
      vat: 54_404,
      ttc: 330_483,
      breakdown: [
        { vatRate: 20, baseCents: 270_480, vatCents: 54_096 },
        { vatRate: 5.5, baseCents: 5_599, vatCents: 308 },
      ],
    });
    expect(final.body.totalInclTaxCents + issuedDownPayment.body.totalInclTaxCents).toBe(order.body.totalInclTaxCents);
    const issuedFinal = await api.post(`/api/v1/invoices/${final.body.id}/issue`);
    expect(issuedFinal.status).toBe(200);
    expect((await api.get(`/api/v1/sales-orders/${order.body.id}`)).body.status).toBe('invoiced');
    expect((await api.post('/api/v1/invoices/from-sales-order', { salesOrderId: order.body.id })).status).toBe(409);
  }, 120_000);

  it('refuses to issue for a firm without SIREN or VAT number, naming each, and uses no number', async () => {
    const org = await seedOrganisation(database.db);
    const client = apiClient(createTestApp(database), org.adminToken);
    const customer = await seedClient(database.db, org);
    const draft = await client.post('/api/v1/invoices', { clientId: customer.id, lines: SAMPLE_LINES });
    expect(draft.status).toBe(201);
    const refused = await client.post(`/api/v1/invoices/${draft.body.id}/issue`);
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 422 });
    expect(refused.body.missing).toEqual(expect.arrayContaining(['firm.siren', 'firm.vatNumber', 'firm.invoicingSettings.address', 'firm.invoicingSettings.latePenaltyRatePercent']));
    expect((await client.get(`/api/v1/invoices/${draft.body.id}`)).body).toMatchObject({ status: 'draft', number: null });

    await client.patch(`/api/v1/firms/${org.firm.id}`, { siren: FIRM_SIREN });
    const stillRefused = await client.post(`/api/v1/invoices/${draft.body.id}/issue`);
    expect(stillRefused.body.missing).toContain('firm.vatNumber');
    expect(stillRefused.body.missing).not.toContain('firm.siren');

    await seedInvoicingFirm(database.db, org);
    const issued = await client.post(`/api/v1/invoices/${draft.body.id}/issue`);
    expect(issued.status).toBe(200);
    expect(issued.body.number).toMatch(/^F-\d{4}-00001$/);
  }, 60_000);

  it('keeps an issued invoice immutable: no delete, no second issue; a credit note in full cancels it', async () => {
    const client = await seedClient(database.db, acme);
    const draft = await api.post('/api/v1/invoices', { clientId: client.id, lines: SAMPLE_LINES, buyerVatNumber: frenchVatNumber('732829320') });
    const issued = await api.post(`/api/v1/invoices/${draft.body.id}/issue`);
    expect(issued.body).toMatchObject({ status: 'issued', outstandingCents: 472_118 });
    expect(issued.body.snapshot).toMatchObject({ seller: { siren: FIRM_SIREN }, buyer: { siren: '732829320', vatNumber: 'FR44732829320' }, recoveryIndemnityCents: 4000 });
    expect((await api.delete(`/api/v1/invoices/${draft.body.id}`)).status).toBe(409);
    expect((await api.post(`/api/v1/invoices/${draft.body.id}/issue`)).status).toBe(409);

    const credit = await api.post(`/api/v1/invoices/${draft.body.id}/credit-notes`, {});
    expect(credit.status).toBe(201);
    expect(credit.body).toMatchObject({ kind: 'credit_note', creditedInvoiceId: draft.body.id, totalInclTaxCents: 472_118 });
    const issuedCredit = await api.post(`/api/v1/invoices/${credit.body.id}/issue`);
    expect(issuedCredit.body.snapshot.creditedInvoice).toEqual({ number: issued.body.number, issueDate: issued.body.issueDate });
    expect((await api.get(`/api/v1/invoices/${draft.body.id}`)).body).toMatchObject({ status: 'cancelled', creditedCents: 472_118, outstandingCents: 0 });
    expect((await api.post(`/api/v1/invoices/${draft.body.id}/payments`, { amountCents: 100, paidOn: '2026-12-01' })).status).toBe(409);
  });

  it('records partial and full payments and refuses more than is due, naming the amount', async () => {
    const client = await seedClient(database.db, acme);
    const draft = await api.post('/api/v1/invoices', { clientId: client.id, lines: [{ label: 'Conseil', quantity: 1, unitPriceCents: 100_000, vatRate: 20 }] });
    await api.post(`/api/v1/invoices/${draft.body.id}/issue`);
    const tooMuch = await api.post(`/api/v1/invoices/${draft.body.id}/payments`, { amountCents: 120_001, paidOn: '2026-12-01' });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.errors).toEqual([expect.objectContaining({ field: 'amountCents' })]);
    const partial = await api.post(`/api/v1/invoices/${draft.body.id}/payments`, { amountCents: 20_000, paidOn: '2026-12-01', method: 'cheque' });
    expect(partial.body).toMatchObject({ status: 'partially_paid', paidCents: 20_000, outstandingCents: 100_000 });
    const rest = await api.post(`/api/v1/invoices/${draft.body.id}/payments`, { amountCents: 100_000, paidOn: '2026-12-02' });
    expect(rest.body).toMatchObject({ status: 'paid', outstandingCents: 0 });
    expect(rest.body.payments).toHaveLength(2);
  });

  it('refuses amounts the books cannot hold and bad lines, naming each field, without writing anything', async () => {
    const client = await seedClient(database.db, acme);
    const before = (await api.get(`/api/v1/invoices?clientId=${client.id}`)).body.total;
    const huge = await api.post('/api/v1/invoices', { clientId: client.id, lines: [{ label: 'Énorme', quantity: 999_999, unitPriceCents: 10_000_000_000, vatRate: 20 }] });
    expect(huge.status).toBe(400);
    expect(huge.body.errors.map((e: { field: string }) => e.field)).toEqual(['lines']);
    const bad = await api.post('/api/v1/invoices', { clientId: client.id, lines: [{ label: '', quantity: 0, unitPriceCents: -1, vatRate: 19.6, discountPercent: 120 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['lines.0.discountPercent', 'lines.0.label', 'lines.0.quantity', 'lines.0.unitPriceCents', 'lines.0.vatRate']);
    expect((await api.get(`/api/v1/invoices?clientId=${client.id}`)).body.total).toBe(before);
  });

  it('keeps where a sales order comes from: the seam the quotes module uses for an accepted quote', async () => {
    const client = await seedClient(database.db, acme);
    const quoteId = '018f6f3c-0000-4000-8000-000000000042';
    const order = await createSalesOrder(database.db, adminActor(acme), { clientId: client.id, lines: SAMPLE_LINES }, { kind: 'quote', quoteId, quoteNumber: 'D-2026-00042' });
    expect((await api.get(`/api/v1/sales-orders/${order.id}`)).body).toMatchObject({ source: { kind: 'quote', quoteId, quoteNumber: 'D-2026-00042' }, totalInclTaxCents: 472_118 });
  });

  it('lists invoices by client, status, due range and unpaid', async () => {
    const client = await seedClient(database.db, acme, { name: 'Garage Dupont' });
    const a = await api.post('/api/v1/invoices', { clientId: client.id, lines: [{ label: 'A', quantity: 1, unitPriceCents: 10_000, vatRate: 20 }] });
    const b = await api.post('/api/v1/invoices', { clientId: client.id, lines: [{ label: 'B', quantity: 1, unitPriceCents: 20_000, vatRate: 20 }] });
    const issuedA = await api.post(`/api/v1/invoices/${a.body.id}/issue`);
    const byClient = await api.get(`/api/v1/invoices?clientId=${client.id}`);
    expect(byClient.body.items.map((i: { id: string }) => i.id)).toEqual([b.body.id, a.body.id]);
    expect((await api.get(`/api/v1/invoices?clientId=${client.id}&status=draft`)).body.items.map((i: { id: string }) => i.id)).toEqual([b.body.id]);
    expect((await api.get(`/api/v1/invoices?clientId=${client.id}&unpaid=true`)).body.items.map((i: { id: string }) => i.id)).toEqual([a.body.id]);
    const due = issuedA.body.dueDate;
    expect((await api.get(`/api/v1/invoices?clientId=${client.id}&dueFrom=${due}&dueTo=${due}`)).body.total).toBe(1);
    expect((await api.get(`/api/v1/invoices?clientId=${client.id}&dueTo=2000-01-01`)).body.total).toBe(0);
    const bad = await api.get('/api/v1/invoices?dueFrom=2026-12-01&dueTo=2026-11-01&status=lost');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['status']);
  });

  it('downloads the Factur-X PDF and the CII and UBL XML of an issued invoice, and refuses them for a draft', async () => {
    const client = await seedClient(database.db, acme);
    const draft = await api.post('/api/v1/invoices', { clientId: client.id, lines: SAMPLE_LINES });
    expect((await api.get(`/api/v1/invoices/${draft.body.id}/pdf`)).status).toBe(409);
    const issued = await api.post(`/api/v1/invoices/${draft.body.id}/issue`);
    const pdf = await api.get(`/api/v1/invoices/${draft.body.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.text.startsWith('%PDF-')).toBe(true);
    const cii = await api.get(`/api/v1/invoices/${draft.body.id}/xml`);
    expect(cii.headers.get('content-disposition')).toContain('factur-x.xml');
    expect(cii.text).toContain(`<ram:ID>${issued.body.number}</ram:ID>`);
    const ubl = await api.get(`/api/v1/invoices/${draft.body.id}/xml?syntax=ubl`);
    expect(ubl.text).toContain('urn:oasis:names:specification:ubl:schema:xsd:Invoice-2');
  }, 120_000);

  it('validates invoicing settings: admins only, each bad template named', async () => {
    const settings = { latePenaltyRatePercent: 12.37, reminderSteps: DEFAULT_REMINDER_STEPS };
    expect((await api.put(`/api/v1/firms/${acme.firm.id}/invoicing-settings`, settings)).status).toBe(403);
    const bad = await admin.put(`/api/v1/firms/${acme.firm.id}/invoicing-settings`, {
      ...settings,
      reminderSteps: [
        { offsetDays: 7, subject: 'Rappel {{ invoice.numero }}', body: 'Facture {{ invoice.number }}' },
        { offsetDays: 15, subject: 'Rappel', body: 'Sans numéro' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['reminderSteps.0.subject', 'reminderSteps.1.body']);
    const saved = await admin.put(`/api/v1/firms/${acme.firm.id}/invoicing-settings`, { ...settings, address: { line1: '1 quai', postalCode: '69002', city: 'Lyon' }, vatOnDebits: true });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ vatOnDebits: true, latePenaltyRatePercent: '12.37', paymentTermsDays: 30 });
  });

  it('hides invoices, sales orders and invoicing settings from other organisations (404)', async () => {
    const client = await seedClient(database.db, acme);
    const order = await api.post('/api/v1/sales-orders', { clientId: client.id, lines: SAMPLE_LINES });
    const invoice = await api.post('/api/v1/invoices', { clientId: client.id, lines: SAMPLE_LINES });
    await expectHiddenFromOtherOrganisations(api, stranger, {
      resourcePath: `/api/v1/invoices/${invoice.body.id}`,
      actions: [
        { method: 'POST', path: `/api/v1/invoices/${invoice.body.id}/issue` },
        { method: 'POST', path: `/api/v1/invoices/${invoice.body.id}/payments`, body: { amountCents: 100, paidOn: '2026-12-01' } },
        { method: 'POST', path: `/api/v1/invoices/${invoice.body.id}/credit-notes`, body: {} },
        { method: 'GET', path: `/api/v1/invoices/${invoice.body.id}/pdf` },
        { method: 'GET', path: `/api/v1/invoices/${invoice.body.id}/xml` },
      ],
    });
    await expectHiddenFromOtherOrganisations(api, stranger, {
      resourcePath: `/api/v1/sales-orders/${order.body.id}`,
      deletable: false,
      actions: [
        { method: 'POST', path: `/api/v1/sales-orders/${order.body.id}/deliver` },
        { method: 'POST', path: `/api/v1/sales-orders/${order.body.id}/cancel` },
      ],
    });
    await expectHiddenFromOtherOrganisations(api, stranger, {
      resourcePath: `/api/v1/firms/${acme.firm.id}/invoicing-settings`,
      update: { method: 'PUT', body: { reminderSteps: [] } },
      deletable: false,
    });
    // Another organisation's client or order cannot be billed either: named as a bad field.
    const foreign = await stranger.post('/api/v1/invoices', { clientId: client.id, lines: SAMPLE_LINES });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].field).toBe('clientId');
    const foreignOrder = await stranger.post('/api/v1/invoices/from-sales-order', { salesOrderId: order.body.id });
    expect(foreignOrder.body.errors[0].field).toBe('salesOrderId');
  });
});
