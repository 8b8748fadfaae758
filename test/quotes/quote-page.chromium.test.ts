/**
 * The online quote in real Chromium, from the link in the outbox email, with the firm's
 * e-signature enabled: the view is recorded (and the assignee told by email, their preference),
 * the contact adds an optional line (totals recomputed), downloads the PDF (recorded), presses
 * « Signer le devis » and signs on the signature module's built-in page with the one-time code
 * from the outbox; the quote becomes accepted, the assignee's confirmation is in the outbox, and
 * staff download the proofs (the sealed PDF passes pdfsig; the audit trail names the signer).
 * axe-core checks both pages. Forged and other quotes' links → 404; another organisation → 404.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { App } from '../../api/app.ts';
import { outboxEmails } from '../../db/schema/index.ts';
import { pdfText } from '../letters/pdf-text.ts';
import { startSignatureApp, type SignatureApp } from '../signature/signature-world.ts';
import { apiClient, type ApiClient } from '../support/test-app.ts';
import { hasChromiumFor, launchChromium } from '../web/support/browser.ts';
import { expectAccessible } from '../web/support/axe.ts';
import { latestEmailTo, linkIn, signatureCodeIn } from '../web/support/page-client.ts';
import { seedDraftQuote } from './quote-builders.ts';
import { startQuoteHarness, type QuoteHarness } from './quote-harness.ts';

const hasChromium = hasChromiumFor('the online quote in Chromium');

let h: QuoteHarness;
let s: SignatureApp;
let staff: ApiClient;
let stranger: ApiClient;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  // The signature module's app (seal, built-in signing, outbox) starts the worker itself.
  h = await startQuoteHarness({ startWorker: false });
  s = await startSignatureApp(h);
  staff = s.api;
  stranger = apiClient(s.app, h.other.adminToken);
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
  await h?.close();
});

/** A staff download's bytes (the API client reads bodies as text). */
async function download(app: App, token: string, path: string) {
  const response = await app.request(path, { headers: { Authorization: `Bearer ${token}` } });
  return { status: response.status, type: response.headers.get('content-type'), bytes: new Uint8Array(await response.arrayBuffer()) };
}

describe.skipIf(!hasChromium)('the online quote in Chromium', () => {
  it('takes the contact from the email link to a quote signed through the signature module, recording the view and the download, and staff download the proofs', async () => {
    const settings = await s.admin.put(`/api/v1/firms/${h.org.firm.id}/quote-settings`, { eSignatureEnabled: true });
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
    const draft = await seedDraftQuote(staff, h.client.id);
    const sent = await staff.post(`/api/v1/quotes/${draft.id}/send`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const [email] = await h.database.db.select().from(outboxEmails).where(eq(outboxEmails.idempotencyKey, `quote-sent/${draft.id}`));
    const link = linkIn(email!.text, `${s.baseUrl}/devis/`);

    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(link);
    await page.getByRole('heading', { name: `Devis ${sent.body.number}` }).waitFor();
    await expectAccessible(page, 'online quote');
    expect(await page.locator('#total-ttc').textContent()).toBe('4 721,18 €');
    expect((await staff.get(`/api/v1/quotes/${draft.id}`)).body.viewCount).toBe(1);

    await page.getByLabel(/Option : déclaration IFI/).check();
    await page.getByRole('button', { name: 'Mettre à jour le devis' }).click();
    await page.getByText('Le devis a été mis à jour.').waitFor();
    // + 300 € HT at 20 %: 4 721,18 € + 360,00 €.
    expect(await page.locator('#total-ttc').textContent()).toBe('5 081,18 €');

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger PDF' }).click()]);
    expect(pdf.suggestedFilename()).toBe(`Devis ${sent.body.number}.pdf`);

    // E-signature enabled: no typed « bon pour accord »; « Signer le devis » leads to the built-in signing page.
    expect(await page.getByLabel(/Bon pour accord/).count()).toBe(0);
    await page.getByRole('button', { name: 'Signer le devis' }).click();
    await page.getByRole('heading', { name: 'Signer votre devis' }).waitFor();
    expect(page.url()).toMatch(new RegExp(`^${s.baseUrl}/signature/`));
    await expectAccessible(page, 'quote signing page');
    await page.getByRole('button', { name: /Recevoir mon code/ }).click();
    await page.getByText('code vient de vous être envoyé').waitFor();
    const contactEmail = h.client.contacts.find((contact) => contact.isPreferred)!.email!;
    const codeEmail = await latestEmailTo(h.database.db, contactEmail, 'signature-code');
    await page.getByLabel('Code reçu').fill(signatureCodeIn(codeEmail!.text));
    await page.getByLabel('Votre signature').fill('Claire Martin');
    await page.getByLabel(/J’ai lu les documents/).check();
    await page.getByRole('button', { name: 'Signer les documents' }).click();
    // The signature seals the PDF (Chromium and the seal) before the page answers: slow under load.
    // (An error notice is an alert: read either, so a refusal fails with its text.)
    expect(await page.locator('[role=status], [role=alert]').first().textContent({ timeout: 180_000 })).toContain('Vous avez signé');

    await expect.poll(async () => (await staff.get(`/api/v1/quotes/${draft.id}`)).body.status, { timeout: 30_000 }).toBe('accepted');
    const accepted = (await staff.get(`/api/v1/quotes/${draft.id}`)).body;
    expect(accepted).toMatchObject({ totalInclTaxCents: 508_118, acceptance: { signer: 'Claire Martin', level: 'simple', signatureId: expect.stringMatching(/^builtin\//), documentHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) } });
    const events: Array<{ kind: string; detail: Record<string, unknown> }> = (await staff.get(`/api/v1/quotes/${draft.id}/history`)).body.items;
    expect(events.filter((event) => event.kind !== 'notified').map((event) => event.kind)).toEqual(['sent', 'viewed', 'optional_line_added', 'downloaded', 'accepted']);
    // The assignee (who prefers email) was told of the view and the download.
    const notices = events.filter((event) => event.kind === 'notified').map((event) => event.detail);
    expect(notices).toEqual(expect.arrayContaining([expect.objectContaining({ about: 'viewed', channel: 'email' }), expect.objectContaining({ about: 'downloaded', channel: 'email' })]));
    const [viewedNotice] = await h.database.db.select().from(outboxEmails).where(eq(outboxEmails.subject, `Devis ${sent.body.number} consulté en ligne par Boulangerie Martin`));
    expect(viewedNotice).toMatchObject({ toAddresses: [h.org.collaborator.email] });
    // The assignee's confirmation: who signed, and when. Sent by the quote workflow's activity, after the page has answered.
    const confirmation = await vi.waitFor(
      async () => {
        const [found] = await h.database.db.select().from(outboxEmails).where(eq(outboxEmails.idempotencyKey, `quote-accepted/${draft.id}`));
        if (!found) throw new Error('no confirmation email yet');
        return found;
      },
      { timeout: 30_000, interval: 200 },
    );
    expect(confirmation).toMatchObject({ toAddresses: [h.org.collaborator.email], subject: `Devis ${sent.body.number} accepté par Boulangerie Martin` });
    expect(confirmation!.text).toContain('signé par Claire Martin');

    // The online page now says who signed and when.
    await page.goto(link);
    await page.getByText('Devis accepté').waitFor();
    expect(await page.getByText(/Signé par Claire Martin le/).count()).toBe(1);
    const [copy] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger le devis signé' }).click()]);
    expect(copy.suggestedFilename()).toBe(`Devis ${sent.body.number} — signé.pdf`);

    // The proofs: the sealed PDF (PAdES, pdfsig) and the audit trail naming the signer.
    const signed = await download(s.app, h.org.collaboratorToken, `/api/v1/quotes/${draft.id}/proofs/signed-pdf`);
    expect(signed.status).toBe(200);
    expect(signed.type).toBe('application/pdf');
    expect(Buffer.from(signed.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(Buffer.from(signed.bytes).toString('latin1')).toContain('/ByteRange');
    const file = join(mkdtempSync(join(tmpdir(), 'echeance-quote-signed-')), 'signed.pdf');
    writeFileSync(file, signed.bytes);
    let report = '';
    try {
      report = execFileSync('pdfsig', [file]).toString();
    } catch (error) {
      report = String((error as { stdout?: Buffer }).stdout ?? error); // pdfsig exits non-zero for an untrusted issuer
    }
    expect(report).toContain('Signature is Valid.');
    expect(pdfText(signed.bytes)).toContain(`Devis ${sent.body.number}`);
    const audit = await download(s.app, h.org.collaboratorToken, `/api/v1/quotes/${draft.id}/proofs/audit-trail`);
    expect(audit.status).toBe(200);
    const auditText = pdfText(audit.bytes);
    expect(auditText).toContain('Piste d’audit');
    expect(auditText).toContain('Claire Martin');

    // Another organisation sees neither the quote nor its proofs.
    for (const path of ['signed-pdf', 'audit-trail']) expect((await stranger.get(`/api/v1/quotes/${draft.id}/proofs/${path}`)).status).toBe(404);

    // Tampered and foreign links are the French 404 page.
    const forged = await page.goto(`${link.slice(0, -2)}xx`);
    expect(forged?.status()).toBe(404);
    const foreign = await page.goto(`${s.baseUrl}/devis/${Buffer.from(JSON.stringify({ q: draft.id, e: 4_102_444_800 })).toString('base64url')}.AAAA`);
    expect(foreign?.status()).toBe(404);
    await context.close();
  }, 300_000);
});
