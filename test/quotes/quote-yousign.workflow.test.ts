/**
 * A quote signed through the signature module with Yousign (the local stub, whose webhooks are
 * signed with HMAC like Yousign's), on the time-skipping server with the real worker: the online
 * page's « Signer le devis » launches the request; duplicate and out-of-order webhooks accept (or
 * decline) the quote once; the proofs are Yousign's files; another organisation gets 404.
 */
import { createHash } from 'node:crypto';
import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YousignClient } from '../../adapters/esign/yousign/yousign-client.ts';
import { historyEntries, outboxEmails, quoteEvents, signatureEvents } from '../../db/schema/index.ts';
import { cancelEndedRequestsAtProvider } from '../../domain/signature/cancel-at-provider.ts';
import { latestSignatureRequestOf } from '../../domain/signature/signature-request.ts';
import { pdfText } from '../letters/pdf-text.ts';
import { eventually, startSignatureApp, type SignatureApp } from '../signature/signature-world.ts';
import { startYousignStub } from '../signature/yousign-stub.ts';
import { apiClient } from '../support/test-app.ts';
import { linkIn, pageClient } from '../web/support/page-client.ts';
import { seedDraftQuote } from './quote-builders.ts';
import { startQuoteHarness, type QuoteHarness } from './quote-harness.ts';

const API_KEY = 'ys_test_key';
const SECRET = 'whsec_test_secret';

let h: QuoteHarness;
let s: SignatureApp;
let stub: Awaited<ReturnType<typeof startYousignStub>>;

beforeAll(async () => {
  stub = await startYousignStub({ apiKey: API_KEY, webhookSecret: SECRET });
  h = await startQuoteHarness({ startWorker: false });
  s = await startSignatureApp(h, { YOUSIGN_API_KEY: API_KEY, YOUSIGN_BASE_URL: stub.baseUrl, YOUSIGN_WEBHOOK_SECRET: SECRET });
  const settings = await s.admin.put(`/api/v1/firms/${h.org.firm.id}/quote-settings`, { eSignatureEnabled: true });
  expect(settings.status, JSON.stringify(settings.body)).toBe(200);
}, 120_000);
afterAll(async () => {
  await s?.close();
  await h?.close();
  await stub?.close();
});

/** A sent quote whose client pressed « Signer le devis » on the online page: its Yousign request. */
async function quoteSentToYousign() {
  const draft = await seedDraftQuote(s.api, h.client.id);
  const sent = await s.api.post(`/api/v1/quotes/${draft.id}/send`);
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  const [email] = await h.database.db.select().from(outboxEmails).where(eq(outboxEmails.idempotencyKey, `quote-sent/${draft.id}`));
  const path = new URL(linkIn(email!.text, `${s.baseUrl}/devis/`)).pathname;
  const page = pageClient(s.app);
  const opened = await page.get(path);
  expect(opened.html).toContain('Signer le devis');
  expect(opened.html).not.toContain('Bon pour accord :');
  const signed = await page.postForm(`${path}/signer`, {});
  expect(signed.status).toBe(200);
  expect(signed.html).toContain('Un email de Yousign vient de vous être envoyé');
  // Pressed twice: the same request.
  await page.postForm(`${path}/signer`, {});
  const request = (await latestSignatureRequestOf(h.database.db, h.org.organisationId, { type: 'quote', id: draft.id }))!;
  return { quote: sent.body as { id: string; number: string }, request, providerId: request.providerRequestId!, page, path };
}

const webhook = () => `${s.baseUrl}/api/v1/webhooks/yousign`;
const yousignClient = () => new YousignClient({ apiKey: API_KEY, baseUrl: stub.baseUrl });

describe('a quote signed through Yousign', () => {
  it('launches the request from the online page, then accepts the quote once from duplicate, out-of-order webhooks; staff download Yousign’s signed PDF and audit trail', async () => {
    const { quote, request, providerId, page, path } = await quoteSentToYousign();
    expect(request).toMatchObject({ method: 'yousign', status: 'ongoing', subjectType: 'quote', level: 'simple' });
    const remote = stub.requests.get(providerId)!;
    // « Signer le devis » pressed twice opened one request.
    expect([...stub.requests.values()].filter((r) => r.body.external_id === `quote/${quote.id}`)).toHaveLength(1);
    expect(remote.status).toBe('ongoing');
    expect(remote.body).toMatchObject({ external_id: `quote/${quote.id}`, delivery_mode: 'email' });
    expect(remote.documents.map((d) => [d.nature, d.parseAnchors])).toEqual([['signable_document', true]]);
    expect(pdfText(new Uint8Array(remote.documents[0]!.bytes))).toContain('{{s1|signature|180|60}}');
    const contact = h.client.contacts.find((c) => c.isPreferred)!;
    expect(remote.signers.map((x) => [(x.body.info as { email: string }).email, x.body.signature_level, x.body.signature_authentication_mode])).toEqual([[contact.email, 'electronic_signature', 'otp_email']]);
    // Staff follow it as they follow a letter's; another organisation gets 404.
    const followed = await s.api.get(`/api/v1/quotes/${quote.id}/signature`);
    expect(followed.status).toBe(200);
    expect(followed.body).toMatchObject({ id: request.id, status: 'ongoing', signers: [{ email: contact.email, status: 'pending' }] });
    expect(followed.body.events.map((e: { type: string }) => e.type)).toEqual(['request.created', 'request.sent']);
    expect((await apiClient(s.app, h.other.adminToken).get(`/api/v1/quotes/${quote.id}/signature`)).status).toBe(404);
    // Options are frozen while the request is ongoing.
    expect((await page.postForm(`${path}/options`, { option: '3' })).html).toContain('Les options sont figées');

    const forged = stub.event(providerId, 'signature_request.done');
    expect(await stub.deliver(webhook(), forged, `sha256=${'0'.repeat(64)}`)).toBe(401);
    stub.requests.get(providerId)!.status = 'ongoing';

    const signerDone = stub.event(providerId, 'signer.done', remote.signers[0]!.id);
    const done = stub.event(providerId, 'signature_request.done');
    // Each delivered three times, the request's end first (Yousign does not guarantee the order).
    for (const body of [done, signerDone, done, done, signerDone, signerDone]) expect(await stub.deliver(webhook(), body)).toBe(200);

    const accepted = await eventually(async () => {
      const current = (await s.api.get(`/api/v1/quotes/${quote.id}`)).body;
      expect(current.status).toBe('accepted');
      return current;
    });
    expect(accepted.acceptance).toMatchObject({ signatureId: `yousign/${request.id}`, signer: `${contact.firstName} ${contact.lastName}`, level: 'simple', documentHash: expect.stringMatching(/^sha256:/) });
    // Once more after the acceptance: nothing changes.
    expect(await stub.deliver(webhook(), done)).toBe(200);
    await eventually(async () => {
      const [confirmations] = await h.database.db.select({ n: count() }).from(outboxEmails).where(eq(outboxEmails.idempotencyKey, `quote-accepted/${quote.id}`));
      expect(confirmations!.n).toBe(1);
    });
    const [acceptedEvents] = await h.database.db.select({ n: count() }).from(quoteEvents).where(and(eq(quoteEvents.quoteId, quote.id), eq(quoteEvents.kind, 'accepted')));
    expect(acceptedEvents!.n).toBe(1);
    const statusChanges = await h.database.db
      .select()
      .from(historyEntries)
      .where(and(eq(historyEntries.entityId, quote.id), eq(historyEntries.field, 'status'), sql`${historyEntries.newValue} = '"accepted"'::jsonb`));
    expect(statusChanges).toHaveLength(1);
    expect((await s.api.get(`/api/v1/quotes/${quote.id}/state`)).body.status).toBe('accepted');
    expect((await s.api.get(`/api/v1/quotes/${quote.id}/signature`)).body).toMatchObject({ status: 'done', signers: [{ status: 'signed' }] });

    const download = async (token: string, kind: string) => {
      const response = await s.app.request(`/api/v1/quotes/${quote.id}/proofs/${kind}`, { headers: { Authorization: `Bearer ${token}` } });
      return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) };
    };
    const signedPdf = await download(h.org.collaboratorToken, 'signed-pdf');
    expect(signedPdf.status).toBe(200);
    expect(pdfText(signedPdf.bytes)).toContain('Signed with Yousign (stub)');
    expect(`sha256:${createHash('sha256').update(signedPdf.bytes).digest('hex')}`).toBe(accepted.acceptance.documentHash);
    const audit = await download(h.org.collaboratorToken, 'audit-trail');
    expect(audit.status).toBe(200);
    expect(pdfText(audit.bytes)).toContain(`Audit trail ${providerId}`);
    for (const kind of ['signed-pdf', 'audit-trail']) expect((await download(h.other.adminToken, kind)).status).toBe(404);
    expect((await apiClient(s.app, h.other.adminToken).get(`/api/v1/quotes/${quote.id}`)).status).toBe(404);
  }, 240_000);

  it('declines the quote once when its signer declines on Yousign (each event three times, out of order), and a late signature changes nothing', async () => {
    const { quote, providerId } = await quoteSentToYousign();
    const remote = stub.requests.get(providerId)!;
    const signerDeclined = stub.event(providerId, 'signer.declined', remote.signers[0]!.id, undefined, { reason: 'Trop cher' });
    const requestDeclined = stub.event(providerId, 'signature_request.declined', undefined, undefined, { reason: 'Trop cher' });
    for (const body of [requestDeclined, signerDeclined, requestDeclined, signerDeclined, signerDeclined, requestDeclined]) expect(await stub.deliver(webhook(), body)).toBe(200);
    const declined = await eventually(async () => {
      const current = (await s.api.get(`/api/v1/quotes/${quote.id}`)).body;
      expect(current.status).toBe('declined');
      return current;
    });
    expect(declined.declineReason).toBe('Signature refusée : Trop cher');
    const [declinedEvents] = await h.database.db.select({ n: count() }).from(quoteEvents).where(and(eq(quoteEvents.quoteId, quote.id), eq(quoteEvents.kind, 'declined')));
    expect(declinedEvents!.n).toBe(1);
    // A done event for the declined request is recorded but the request keeps its first final status: the quote stays declined.
    expect(await stub.deliver(webhook(), stub.event(providerId, 'signature_request.done'))).toBe(200);
    expect((await s.api.get(`/api/v1/quotes/${quote.id}`)).body.status).toBe('declined');
    const proofs = await s.api.get(`/api/v1/quotes/${quote.id}/proofs/signed-pdf`);
    expect(proofs.status).toBe(409);
    expect(proofs.body).toMatchObject({ reason: 'quote_status_conflict' });
  }, 240_000);

  it('cancels the ongoing request when staff withdraw the quote, so a signature arriving later is not applied', async () => {
    const { quote, providerId } = await quoteSentToYousign();
    const cancelled = await s.api.post(`/api/v1/quotes/${quote.id}/cancel`);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const followed = (await s.api.get(`/api/v1/quotes/${quote.id}/signature`)).body;
    expect(followed).toMatchObject({ status: 'canceled', endReason: 'Devis annulé' });
    const remote = stub.requests.get(providerId)!;
    // Withdrawn at Yousign too, once, with the reason: the client can no longer sign there.
    await eventually(async () => expect(remote.status).toBe('canceled'));
    expect(remote.cancellations).toEqual([{ reason: 'contractualization_aborted', custom_note: 'Devis annulé' }]);
    await eventually(async () => expect((await s.api.get(`/api/v1/quotes/${quote.id}/signature`)).body.events.map((e: { type: string }) => e.type)).toContain('request.provider_canceled'));
    // Asked again (a retried activity): nothing left to withdraw.
    expect(await cancelEndedRequestsAtProvider({ db: h.database.db, yousign: yousignClient() }, h.org.organisationId, { type: 'quote', id: quote.id })).toEqual({ withdrawn: 0, alreadyClosed: 0 });
    expect(remote.cancellations).toHaveLength(1);
    for (const body of [stub.event(providerId, 'signature_request.done'), stub.event(providerId, 'signer.done', remote.signers[0]!.id)]) expect(await stub.deliver(webhook(), body)).toBe(200);
    expect((await s.api.get(`/api/v1/quotes/${quote.id}`)).body).toMatchObject({ status: 'cancelled', acceptance: null });
    expect((await s.api.get(`/api/v1/quotes/${quote.id}/signature`)).body.status).toBe('canceled');
  }, 240_000);

  it('only records the withdrawal of a request someone already canceled at Yousign', async () => {
    const { quote, providerId, request } = await quoteSentToYousign();
    const remote = stub.requests.get(providerId)!;
    remote.status = 'canceled'; // from Yousign's own interface; its webhook has not arrived yet
    const declined = await s.api.post(`/api/v1/quotes/${quote.id}/decline`, { reason: 'Le client a choisi un autre cabinet' });
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    const [withdrawal] = await eventually(async () => {
      const events = await h.database.db.select().from(signatureEvents).where(and(eq(signatureEvents.requestId, request.id), eq(signatureEvents.type, 'request.provider_canceled')));
      expect(events).toHaveLength(1);
      return events;
    });
    expect(withdrawal!.data).toMatchObject({ provider: 'yousign', providerRequestId: providerId, statusBefore: 'canceled' });
    expect(remote.cancellations).toEqual([]);
  }, 240_000);
});
