/**
 * Sending and reminding quotes by email (seed 002), the quote PDF, and the online link, through
 * the API with the real outbox and Chromium.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInstallationSeal } from '../../adapters/seal/installation-seal.ts';
import { parseConfig } from '../../config.ts';
import { outboxEmails } from '../../db/schema/index.ts';
import { verifyQuoteLinkToken } from '../../domain/quotes/quote-link.ts';
import { seedClient } from '../support/seed-clients.ts';
import { startQuoteHarness, type QuoteHarness } from './quote-harness.ts';
import { seedDraftQuote } from './quote-builders.ts';

let h: QuoteHarness;
beforeAll(async () => {
  h = await startQuoteHarness();
}, 120_000);
afterAll(async () => h?.close());

const emailsWithKey = (key: string) => h.database.db.select().from(outboxEmails).where(eq(outboxEmails.idempotencyKey, key));

describe('quote emails', () => {
  it('sends the first email to the quote’s contact with the firm’s template, the “Accéder au document” link and the PDF attached', async () => {
    const saved = await h.admin.put('/api/v1/templates/email.quote-sent.subject', { body: 'Proposition {{ quote.number }} de {{ firm.name }}' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const client = await seedClient(h.database.db, h.org);
    const draft = await seedDraftQuote(h.api, client.id);
    const sent = await h.api.post(`/api/v1/quotes/${draft.id}/send`, { attachPdf: true });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const [email, ...others] = await emailsWithKey(`quote-sent/${draft.id}`);
    expect(others).toEqual([]);
    expect(email).toMatchObject({ organisationId: h.org.organisationId, toAddresses: ['claire@boulangerie-martin.test'], subject: `Proposition ${sent.body.number} de ${h.org.firm.name}` });
    expect(email!.text).toContain('Accéder au document');
    expect(email!.text).toContain('4 721,18 € TTC');
    expect(email!.attachments).toEqual([expect.objectContaining({ filename: `Devis ${sent.body.number}.pdf`, contentType: 'application/pdf' })]);
    const link = /http:\/\/localhost:3000\/devis\/([\w-]+\.[\w-]+)/.exec(email!.text);
    expect(link).not.toBeNull();
    const seal = await openInstallationSeal(parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }).DATA_DIR);
    expect(verifyQuoteLinkToken(seal.linkSecret, link![1]!, new Date())).toEqual({ ok: true, quoteId: draft.id });
    expect(verifyQuoteLinkToken(seal.linkSecret, `${link![1]!}x`, new Date())).toEqual({ ok: false, reason: 'forged' });
    expect(verifyQuoteLinkToken(seal.linkSecret, link![1]!, new Date(Date.now() + 400 * 86_400_000))).toEqual({ ok: false, reason: 'expired' });
    const events = (await h.api.get(`/api/v1/quotes/${draft.id}/history`)).body.items;
    expect(events).toEqual([expect.objectContaining({ kind: 'sent', detail: expect.objectContaining({ to: ['claire@boulangerie-martin.test'], pdfAttached: true, signatureRequested: false }) })]);
    expect((await h.admin.delete('/api/v1/templates/email.quote-sent.subject')).status).toBeLessThan(300);
  });

  it('reminds with the other template, to any contact of the account chosen, and refuses a contact of another account', async () => {
    const client = await seedClient(h.database.db, h.org, {
      contacts: [
        { firstName: 'Claire', lastName: 'Martin', email: 'claire@martin.test', isPreferred: true },
        { firstName: 'Paul', lastName: 'Martin', email: 'paul@martin.test', isPreferred: false },
      ],
    });
    const paul = client.contacts.find((c) => c.firstName === 'Paul')!;
    const draft = await seedDraftQuote(h.api, client.id);
    expect((await h.api.post(`/api/v1/quotes/${draft.id}/remind`)).status).toBe(409);
    const sent = await h.api.post(`/api/v1/quotes/${draft.id}/send`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const foreign = await h.api.post(`/api/v1/quotes/${draft.id}/remind`, { recipientContactIds: [(await seedClient(h.database.db, h.org)).contacts[0]!.id] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors).toEqual([expect.objectContaining({ field: 'recipientContactIds.0' })]);
    const reminded = await h.api.post(`/api/v1/quotes/${draft.id}/remind`, { recipientContactIds: [paul.id] }, { 'Idempotency-Key': 'relance-1' });
    expect(reminded.status, JSON.stringify(reminded.body)).toBe(200);
    const [reminder] = await emailsWithKey(`quote-reminder/${draft.id}/relance-1`);
    expect(reminder).toMatchObject({ toAddresses: ['paul@martin.test'], subject: `Relance : votre devis ${sent.body.number} — ${h.org.firm.name}` });
    expect(reminder!.text).toContain('Accéder au document');
    expect((await h.api.get(`/api/v1/quotes/${draft.id}/history`)).body.items.map((e: any) => e.kind)).toEqual(['sent', 'reminded']);
  });

  it('asks for an e-signature by default once the firm enabled it, unless staff untick it', async () => {
    await h.admin.put(`/api/v1/firms/${h.org.firm.id}/quote-settings`, { eSignatureEnabled: true });
    const client = await seedClient(h.database.db, h.org);
    const byDefault = await seedDraftQuote(h.api, client.id);
    const unticked = await seedDraftQuote(h.api, client.id);
    expect((await h.api.post(`/api/v1/quotes/${byDefault.id}/send`)).status).toBe(200);
    expect((await h.api.post(`/api/v1/quotes/${unticked.id}/send`, { requestSignature: false })).status).toBe(200);
    const detail = async (id: string) => (await h.api.get(`/api/v1/quotes/${id}/history`)).body.items[0].detail;
    expect(await detail(byDefault.id)).toMatchObject({ signatureRequested: true });
    expect(await detail(unticked.id)).toMatchObject({ signatureRequested: false });
    const [email] = await emailsWithKey(`quote-sent/${byDefault.id}`);
    expect(email!.text).toContain('signer le devis en ligne');
    await h.admin.put(`/api/v1/firms/${h.org.firm.id}/quote-settings`, { eSignatureEnabled: false });
  });

  it('refuses to send a quote whose contact has no email, without taking a number', async () => {
    const client = await seedClient(h.database.db, h.org, { contacts: [{ firstName: 'Sans', lastName: 'Email', isPreferred: true }] });
    const draft = await seedDraftQuote(h.api, client.id);
    const refused = await h.api.post(`/api/v1/quotes/${draft.id}/send`);
    expect(refused.status).toBe(422);
    expect(refused.body.reason).toBe('quote_no_recipient');
    expect((await h.api.get(`/api/v1/quotes/${draft.id}`)).body).toMatchObject({ status: 'draft', number: null });
  });

  it('prints the quote as a PDF with its number, lines, totals, VAT breakdown and the firm’s legal mentions', async () => {
    await h.admin.put(`/api/v1/firms/${h.org.firm.id}/quote-settings`, { legalMentions: 'Devis gratuit. Conditions générales de vente disponibles sur demande.' });
    const client = await seedClient(h.database.db, h.org);
    const draft = await seedDraftQuote(h.api, client.id);
    const sent = await h.api.post(`/api/v1/quotes/${draft.id}/send`);
    const response = await h.api.get(`/api/v1/quotes/${draft.id}/pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'echeance-quote-')), 'devis.pdf');
    writeFileSync(file, Buffer.from(await (await fetchPdf(draft.id)).arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const expected of [`Devis ${sent.body.number}`, 'Boulangerie Martin', 'Tenue de la comptabilité', 'Options proposées', 'Total TTC', '4 721,18 €', 'TVA 5,5 %', 'Devis gratuit', 'Bon pour accord']) expect(text).toContain(expected);
    await h.admin.put(`/api/v1/firms/${h.org.firm.id}/quote-settings`, { legalMentions: null });
  });
});

/** The PDF's bytes (the test client reads bodies as text). */
async function fetchPdf(quoteId: string): Promise<Response> {
  const app = (await import('../support/test-app.ts')).createTestApp(h.database, { pdfRenderer: h.pdfRenderer });
  return app.request(`/api/v1/quotes/${quoteId}/pdf`, { headers: { Authorization: `Bearer ${h.org.collaboratorToken}` } });
}

