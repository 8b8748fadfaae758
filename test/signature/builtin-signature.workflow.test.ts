import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { eq } from 'drizzle-orm';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents, signatureSigners } from '../../db/schema/index.ts';
import { completeUntoldSignatures } from '../../domain/signature/complete-untold-signatures.ts';
import { latestSignatureRequestOf, markSignerSigned, settleSignatureRequest } from '../../domain/signature/signature-request.ts';
import { startMissionHarness, type MissionHarness } from '../missions/support/mission-harness.ts';
import { latestEmailTo, linkIn, signatureCodeIn as codeIn } from '../web/support/page-client.ts';
import { pdfText } from '../letters/pdf-text.ts';
import { eventually, seedValidatedMissionWithLetter, startSignatureApp, type SignatureApp } from './signature-world.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let h: MissionHarness;
let s: SignatureApp;
let browser: Browser;

beforeAll(async () => {
  h = await startMissionHarness({ startWorker: false });
  s = await startSignatureApp(h);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
  await h?.close();
});


describe('the built-in signature (no provider configured)', () => {
  it('lets the client then the firm sign in Chromium with codes from the outbox; the mission becomes active and the sealed PDF passes pdfsig with its audit page', async () => {
    const { missionId, contact } = await seedValidatedMissionWithLetter(h, s);
    const sent = await s.api.post(`/api/v1/missions/${missionId}/letter/signature`, { way: 'electronic' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.request.method).toBe('builtin');

    const context = await browser.newContext({ bypassCSP: true, locale: 'fr-FR' });
    const page = await context.newPage();
    for (const [email, name] of [[contact.email!, 'Claire Martin'], [h.org.admin.email, 'Alice Admin']] as const) {
      const invitation = await eventually(async () => {
        const found = await latestEmailTo(h.database.db, email, 'mission-letter-signature');
        expect(found).toBeDefined();
        return found!;
      });
      await page.goto(linkIn(invitation.text, `${s.baseUrl}/signature/`));
      expect((await page.locator('h1').textContent())?.trim()).toBe('Signer votre lettre de mission');
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => (await (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe.run()).violations.map((v) => v.id));
      expect(violations).toEqual([]);
      await page.getByRole('button', { name: /Recevoir mon code/ }).click();
      expect(await page.getByRole('status').first().textContent()).toContain('code vient de vous être envoyé');
      const codeEmail = await latestEmailTo(h.database.db, email, 'signature-code');
      await page.getByLabel('Code reçu').fill(codeIn(codeEmail!.text));
      await page.getByLabel('Votre signature').fill(name);
      await page.getByLabel(/J’ai lu les documents/).check();
      await page.getByRole('button', { name: 'Signer les documents' }).click();
      // The last signature seals the PDF (Chromium and the seal) before the page answers: slow when CI runs three files at once.
      expect(await page.getByRole('status').first().textContent({ timeout: 120_000 })).toContain('Vous avez signé');
    }
    await context.close();

    const mission = await eventually(async () => {
      const response = await s.api.get(`/api/v1/missions/${missionId}`);
      expect(response.body.status).toBe('active');
      return response.body;
    }, 60_000);
    expect(mission.signature.signatureId).toMatch(/^builtin\//);
    // The workflow's state shows each signer signed, with the time.
    const { signatureRequest } = (await s.api.get(`/api/v1/missions/${missionId}/state`)).body;
    expect(signatureRequest.status).toBe('done');
    expect(signatureRequest.nextReminderAt).toBeNull(); // reminders stop once signed
    expect(signatureRequest.signers.map((x: { status: string; signedAt: string | null }) => [x.status, x.signedAt !== null])).toEqual([
      ['signed', true],
      ['signed', true],
    ]);
    const request = (await latestSignatureRequestOf(h.database.db, h.org.organisationId, { type: 'mission', id: missionId }))!;
    const [signed] = await h.database.db.select().from(documents).where(eq(documents.id, request.documents[0]!.signedDocumentId!));
    const bytes = new Uint8Array(await buffer((await s.storage.get(signed!.storageKey)).stream));
    const file = join(mkdtempSync(join(tmpdir(), 'echeance-sealed-')), 'signed.pdf');
    writeFileSync(file, bytes);
    let report = '';
    try {
      report = execFileSync('pdfsig', [file]).toString();
    } catch (error) {
      report = String((error as { stdout?: Buffer }).stdout ?? error); // pdfsig exits non-zero for an untrusted issuer
    }
    expect(report).toContain('Signature is Valid.');
    expect(report).toContain('Total document signed');
    const text = pdfText(bytes);
    expect(text).toContain('Certificat de signature');
    expect(text).toContain('Piste d’audit');
    expect(text).toContain('Claire Martin');
    expect(text.replace(/\s/g, '')).toContain(request.documents[0]!.sha256);
    expect(text).toMatch(/IP (127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)/);
  }, 300_000);

  it('lets the client decline with a reason: the mission goes back to validated, its assignee is alerted with the reason, and the link then says the request is closed', async () => {
    const { missionId, contact } = await seedValidatedMissionWithLetter(h, s);
    const sent = await s.api.post(`/api/v1/missions/${missionId}/letter/signature`, { way: 'electronic' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const invitation = (await latestEmailTo(h.database.db, contact.email!, 'mission-letter-signature'))!;
    const link = linkIn(invitation.text, `${s.baseUrl}/signature/`);
    const context = await browser.newContext({ bypassCSP: true, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(link);
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => (await (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe.run()).violations.map((v) => v.id));
    expect(violations).toEqual([]);
    await page.getByLabel(/Motif/).fill('Les honoraires ne correspondent pas à notre échange');
    await page.getByRole('button', { name: 'Refuser de signer' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('Vous avez refusé de signer');

    const state = await eventually(async () => {
      const current = (await s.api.get(`/api/v1/missions/${missionId}/state`)).body;
      expect(current.status).toBe('validated');
      return current;
    });
    expect(state.signatureRequest).toMatchObject({ status: 'declined', endReason: 'Les honoraires ne correspondent pas à notre échange' });
    expect(state.signatureRequest.signers[0]).toMatchObject({ role: 'client', status: 'declined' });
    expect(state.signatureRequest.signers[0].declinedAt).not.toBeNull();
    const alert = await eventually(async () => {
      const found = await latestEmailTo(h.database.db, h.org.collaborator.email, 'mission-signature-ended');
      expect(found?.subject).toContain('a été refusée');
      return found!;
    });
    expect(alert.text).toContain('Les honoraires ne correspondent pas à notre échange');
    await page.goto(link);
    expect((await page.locator('h1').textContent())?.trim()).toBe('Signature close');
    await context.close();
  }, 120_000);

  it('gives working links again when sending is retried after a call that opened the request and died before writing them', async () => {
    const { missionId, contact } = await seedValidatedMissionWithLetter(h, s);
    const sent = await s.api.post(`/api/v1/missions/${missionId}/letter/signature`, { way: 'electronic' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const link = linkIn((await latestEmailTo(h.database.db, contact.email!, 'mission-letter-signature'))!.text, `${s.baseUrl}/signature/`);
    expect((await fetch(link)).status).toBe(200);
    // What that call left behind: the request and its signers, without their links' hashes.
    await h.database.db.update(signatureSigners).set({ accessTokenHash: null }).where(eq(signatureSigners.requestId, sent.body.request.id));
    expect((await fetch(link)).status).toBe(404);
    const retried = await s.api.post(`/api/v1/missions/${missionId}/letter/signature`, { way: 'electronic' });
    expect(retried.status, JSON.stringify(retried.body)).toBeLessThan(300);
    expect(retried.body.request.id).toBe(sent.body.request.id);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Signer');
  }, 120_000);

  it('completes at the next start a letter whose last signature was recorded but whose completion failed: the mission activates once', async () => {
    const { missionId } = await seedValidatedMissionWithLetter(h, s);
    const sent = await s.api.post(`/api/v1/missions/${missionId}/letter/signature`, { way: 'electronic' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const request = sent.body.request as { id: string; signers: Array<{ id: string }> };
    // What the last signer's transaction left before completion failed (Temporal unreachable).
    const now = new Date();
    await h.database.db.transaction(async (tx) => {
      for (const signer of request.signers) await markSignerSigned(tx, signer.id, now, { kind: 'typed', text: 'Claire Martin' });
      await settleSignatureRequest(tx, request.id, 'done', now);
    });
    expect((await s.api.get(`/api/v1/missions/${missionId}`)).body.status).toBe('awaiting_signature');

    const quiet = { info: () => {}, error: () => {} };
    const first = await completeUntoldSignatures(s.signature, quiet);
    expect(first.completed).toContain(request.id);
    expect(first.failed).toEqual([]);
    await eventually(async () => expect((await s.api.get(`/api/v1/missions/${missionId}`)).body.status).toBe('active'));
    const done = (await latestSignatureRequestOf(h.database.db, h.org.organisationId, { type: 'mission', id: missionId }))!;
    expect(done.documents.find((d) => d.nature === 'signable_document')!.signedDocumentId).not.toBeNull();
    // Once told, it is left alone.
    expect((await completeUntoldSignatures(s.signature, quiet)).completed).not.toContain(request.id);
  }, 120_000);

  it('locks the link after five wrong codes', async () => {
    const { missionId } = await seedValidatedMissionWithLetter(h, s);
    const sent = await s.api.post(`/api/v1/missions/${missionId}/letter/signature`, { way: 'electronic' });
    const client = sent.body.request.signers[0];
    const invitation = await eventually(async () => {
      const rows = await latestEmailTo(h.database.db, client.email, 'mission-letter-signature');
      expect(rows?.text).toContain(`${s.baseUrl}/signature/`);
      return rows!;
    });
    const link = linkIn(invitation.text, `${s.baseUrl}/signature/`);
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(link);
    await page.getByRole('button', { name: /Recevoir mon code/ }).click();
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.getByLabel('Code reçu').fill('000000' === codeIn((await latestEmailTo(h.database.db, client.email, 'signature-code'))!.text) ? '111111' : '000000');
      await page.getByLabel('Votre signature').fill('Claire Martin');
      await page.getByLabel(/J’ai lu les documents/).check();
      await page.getByRole('button', { name: 'Signer les documents' }).click();
    }
    expect((await page.locator('h1').textContent())?.trim()).toBe('Lien verrouillé');
    await page.goto(link);
    expect((await page.locator('h1').textContent())?.trim()).toBe('Lien verrouillé');
    await context.close();
  }, 180_000);

  it('sends the manual way’s email with a working link to each document; a forged link is a French 404 page, never the document', async () => {
    const { missionId, contact } = await seedValidatedMissionWithLetter(h, s);
    const sent = await s.api.post(`/api/v1/missions/${missionId}/letter/signature`, { way: 'manual' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.copyPaste.subject).toContain('Votre lettre de mission');
    const email = await latestEmailTo(h.database.db, contact.email!, 'mission-letter-signature');
    const links = [...email!.text.matchAll(new RegExp(`${s.baseUrl}/signature/documents/[^\\s\\])]+`, 'g'))].map((m) => m[0]);
    expect(new Set(links).size).toBe(2);
    expect(sent.body.copyPaste.text).toContain(links[0]);
    for (const link of new Set(links)) {
      const response = await fetch(link);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    }
    const forged = links[0]!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const response = await fetch(forged);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('Document introuvable');
    const garbage = await fetch(`${s.baseUrl}/signature/documents/not-a-token`);
    expect(garbage.status).toBe(404);
  }, 120_000);
});
