/**
 * The typed « bon pour accord » (the firm has not enabled e-signature) and its proofs: the quote
 * PDF the client accepted, kept with its hash, and an audit trail naming who, when, from which IP
 * and browser. Pages over HTTP (`app.request`) with their CSRF cookie; the acceptance reaches the
 * quote's workflow as its signature.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.ts';
import { parseConfig } from '../../config.ts';
import { outboxEmails } from '../../db/schema/index.ts';
import { eq } from 'drizzle-orm';
import { pdfText } from '../letters/pdf-text.ts';
import { seedClient } from '../support/seed-clients.ts';
import { linkIn, pageClient } from '../web/support/page-client.ts';
import { seedSentQuote } from './quote-builders.ts';
import { startQuoteHarness, type QuoteHarness } from './quote-harness.ts';

let h: QuoteHarness;
let app: App;
beforeAll(async () => {
  h = await startQuoteHarness();
  // Behind one reverse proxy, which appends the address it received from to X-Forwarded-For.
  app = h.appFor({ config: parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', TRUSTED_PROXY_HOPS: '1' }) });
}, 120_000);
afterAll(async () => h?.close());

async function download(token: string, quoteId: string, kind: 'signed-pdf' | 'audit-trail') {
  const response = await app.request(`/api/v1/quotes/${quoteId}/proofs/${kind}`, { headers: { Authorization: `Bearer ${token}` } });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, bytes, json: () => JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown> };
}

async function sentQuoteWithPath() {
  const client = await seedClient(h.database.db, h.org);
  const quote = await seedSentQuote(h.api, client.id);
  const [email] = await h.database.db.select().from(outboxEmails).where(eq(outboxEmails.idempotencyKey, `quote-sent/${quote.id}`));
  return { quote, path: new URL(linkIn(email!.text, 'http://localhost:3000/devis/')).pathname };
}

describe('the typed « bon pour accord » and its proofs', () => {
  it('keeps the accepted PDF with its hash and prints an audit trail naming the signer, IP and browser; other organisations get 404', async () => {
    const { quote, path } = await sentQuoteWithPath();
    expect((await download(h.org.collaboratorToken, quote.id, 'signed-pdf')).json()).toMatchObject({ reason: 'quote_status_conflict' });

    const page = pageClient(app);
    const opened = await page.get(path);
    expect(opened.html).toContain('Bon pour accord :');
    expect(opened.html).not.toContain('Signer le devis</button>');
    // E-signature is not offered: the form posts nothing to the signature module.
    expect((await page.postForm(`${path}/signer`, {})).html).not.toContain('/signature/');
    const accepted = await app.request(`${path}/accepter`, {
      method: 'POST',
      headers: { Cookie: [...page.jar].map(([name, value]) => `${name}=${value}`).join('; '), 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'Navigateur de test/1.0', 'X-Forwarded-For': '198.51.100.66, 203.0.113.7' },
      body: new URLSearchParams({ _csrf: page.jar.get('ech_csrf')!, signer: 'Claire Martin', consent: 'oui' }).toString(),
    });
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toContain('Merci, votre acceptation a été enregistrée.');
    await expect.poll(async () => (await h.api.get(`/api/v1/quotes/${quote.id}`)).body.status, { timeout: 30_000, interval: 200 }).toBe('accepted');
    const { acceptance } = (await h.api.get(`/api/v1/quotes/${quote.id}`)).body;
    expect(acceptance).toMatchObject({ signer: 'Claire Martin', level: 'simple', signatureId: `online/${quote.id}`, ip: '203.0.113.7', userAgent: 'Navigateur de test/1.0' });

    const signed = await download(h.org.collaboratorToken, quote.id, 'signed-pdf');
    expect(signed.status).toBe(200);
    expect(`sha256:${createHash('sha256').update(signed.bytes).digest('hex')}`).toBe(acceptance.documentHash);
    expect(pdfText(signed.bytes)).toContain(`Devis ${quote.number}`);
    const audit = await download(h.org.collaboratorToken, quote.id, 'audit-trail');
    expect(audit.status).toBe(200);
    const text = pdfText(audit.bytes);
    for (const expected of ['Piste d’audit', 'Claire Martin', '203.0.113.7', 'Navigateur de test/1.0', 'Bon pour accord signé en ligne']) expect(text).toContain(expected);
    // The address the client forged in front of the proxy's is in no proof.
    expect(text).not.toContain('198.51.100.66');
    expect(text.replace(/\s/g, '')).toContain(acceptance.documentHash);

    for (const kind of ['signed-pdf', 'audit-trail'] as const) expect((await download(h.other.adminToken, quote.id, kind)).status).toBe(404);
    // The client's copy on the online page is the same PDF.
    const copy = await app.request(`${path}/signe`);
    expect(copy.status).toBe(200);
    expect(new Uint8Array(await copy.arrayBuffer())).toEqual(signed.bytes);
  });

  it('answers 404 to another quote’s link on the new pages, and before acceptance', async () => {
    const { quote, path } = await sentQuoteWithPath();
    const { path: otherPath } = await sentQuoteWithPath();
    // Quote A's payload with quote B's MAC: forged.
    const foreign = `/devis/${path.split('/').pop()!.split('.')[0]}.${otherPath.split('.').pop()}`;
    const page = pageClient(app);
    await page.get(path);
    expect((await page.postForm(`${foreign}/signer`, {})).status).toBe(404);
    expect((await app.request(`${foreign}/signe`)).status).toBe(404);
    // Not accepted yet: no signed copy.
    expect((await app.request(`${path}/signe`)).status).toBe(404);
    expect((await h.api.get(`/api/v1/quotes/${quote.id}`)).body.status).toBe('sent');
  });

  it('has no online proof for a quote accepted by staff by hand (404 quote_no_signature_proof)', async () => {
    const { quote } = await sentQuoteWithPath();
    const accepted = await h.api.post(`/api/v1/quotes/${quote.id}/accept`, { signer: 'Claire Martin' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const proof = await download(h.org.collaboratorToken, quote.id, 'signed-pdf');
    expect(proof.status).toBe(404);
    expect(proof.json()).toMatchObject({ reason: 'quote_no_signature_proof' });
  });
});
