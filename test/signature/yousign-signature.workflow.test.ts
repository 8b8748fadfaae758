import { createHash } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents, historyEntries, occurrences, outboxEmails, signatureEvents } from '../../db/schema/index.ts';
import { latestSignatureRequestOf, recordSignatureEvent, settleSignatureRequest } from '../../domain/signature/signature-request.ts';
import { startMissionHarness, type MissionHarness } from '../missions/support/mission-harness.ts';
import { eventually, seedValidatedMissionWithLetter, startSignatureApp, type SignatureApp } from './signature-world.ts';
import { startYousignStub } from './yousign-stub.ts';

const API_KEY = 'ys_test_key';
const SECRET = 'whsec_test_secret';

let h: MissionHarness;
let s: SignatureApp;
let stub: Awaited<ReturnType<typeof startYousignStub>>;

beforeAll(async () => {
  stub = await startYousignStub({ apiKey: API_KEY, webhookSecret: SECRET });
  h = await startMissionHarness({ startWorker: false });
  s = await startSignatureApp(h, { YOUSIGN_API_KEY: API_KEY, YOUSIGN_BASE_URL: stub.baseUrl, YOUSIGN_WEBHOOK_SECRET: SECRET });
}, 120_000);
afterAll(async () => {
  await s?.close();
  await h?.close();
  await stub?.close();
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('signing a mission letter through Yousign', () => {
  it('refuses to send without AML identification, then launches the right request, ignores forged webhooks and activates the mission once from triple out-of-order webhooks', async () => {
    const { missionId, folderId, filDocumentId } = await seedValidatedMissionWithLetter(h, s, { aml: false });

    const refused = await s.api.post(`/api/v1/missions/${missionId}/letter/signature`, { way: 'electronic' });
    expect(refused.status).toBe(422);
    expect(refused.body.missing).toEqual(['registry_extract', 'beneficial_owners', 'risk_level']);

    const { completeAml } = await import('./signature-world.ts');
    await completeAml(h, s, folderId);
    // Seed 000: emails and mobiles are checked before launching; advanced signature needs a mobile for the SMS code.
    const noMobile = await s.api.post(`/api/v1/missions/${missionId}/letter/signature`, { way: 'electronic', level: 'advanced' });
    expect(noMobile.status).toBe(422);
    expect(noMobile.body.errors.map((e: { field: string }) => e.field)).toEqual(['firmRepresentative.mobile']);
    const mobile = await h.admin.patch(`/api/v1/users/${h.org.admin.id}`, { mobile: '06 11 22 33 44' });
    expect(mobile.status, JSON.stringify(mobile.body)).toBe(200);
    const sent = await s.api.post(`/api/v1/missions/${missionId}/letter/signature`, { way: 'electronic', level: 'advanced' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.request.method).toBe('yousign');
    const providerId = sent.body.request.providerRequestId as string;
    const remote = stub.requests.get(providerId)!;
    expect(remote.status).toBe('ongoing');
    expect(remote.body).toMatchObject({ external_id: `mission/${missionId}`, ordered_signers: true, delivery_mode: 'email' });
    expect(remote.documents.map((d) => [d.nature, d.parseAnchors])).toEqual([['signable_document', true], ['attachment', false]]);
    expect(remote.documents[0]!.bytes.toString('latin1')).toContain('%PDF');
    expect(remote.signers.map((x) => (x.body.info as { email: string }).email)).toEqual([h.client.contacts[0]!.email, h.org.admin.email]);
    expect(remote.signers.every((x) => x.body.signature_level === 'advanced_electronic_signature' && x.body.signature_authentication_mode === 'otp_sms')).toBe(true);
    expect(sent.body.request.documents.map((d: { documentId: string }) => d.documentId)).toContain(filDocumentId);
    expect((await s.api.get(`/api/v1/missions/${missionId}`)).body.status).toBe('awaiting_signature');

    const webhook = `${s.baseUrl}/api/v1/webhooks/yousign`;
    const [eventsBefore] = await h.database.db.select({ n: count() }).from(signatureEvents);
    const forgedBody = stub.event(providerId, 'signature_request.done');
    expect(await stub.deliver(webhook, forgedBody, 'sha256=' + '0'.repeat(64))).toBe(401);
    expect(await stub.deliver(webhook, forgedBody, 'garbage')).toBe(401);
    const [eventsAfter] = await h.database.db.select({ n: count() }).from(signatureEvents);
    expect(eventsAfter!.n).toBe(eventsBefore!.n);
    stub.requests.get(providerId)!.status = 'ongoing';

    const clientSigned = stub.event(providerId, 'signer.done', remote.signers[0]!.id);
    const firmSigned = stub.event(providerId, 'signer.done', remote.signers[1]!.id);
    const done = stub.event(providerId, 'signature_request.done');
    // Each delivered three times, in an order Yousign does not guarantee.
    for (const body of [done, firmSigned, done, clientSigned, firmSigned, done, clientSigned, clientSigned, firmSigned]) expect(await stub.deliver(webhook, body)).toBe(200);

    const mission = await eventually(async () => {
      const response = await s.api.get(`/api/v1/missions/${missionId}`);
      expect(response.body.status).toBe('active');
      return response.body;
    });
    expect(mission.signature.signatureId).toMatch(/^yousign\//);
    const request = (await latestSignatureRequestOf(h.database.db, h.org.organisationId, { type: 'mission', id: missionId }))!;
    expect(request.status).toBe('done');
    expect(request.signers.map((x) => x.status)).toEqual(['signed', 'signed']);
    const letter = request.documents.find((d) => d.nature === 'signable_document')!;
    for (const id of [letter.signedDocumentId!, letter.auditTrailDocumentId!]) {
      const [row] = await h.database.db.select().from(documents).where(eq(documents.id, id));
      expect(row!.folderId).toBe(folderId);
      expect(sha256(new Uint8Array(await buffer((await s.storage.get(row!.storageKey)).stream)))).toBe(row!.sha256);
    }
    expect(mission.signature.documentHash).toBe(`sha256:${(await h.database.db.select().from(documents).where(eq(documents.id, letter.signedDocumentId!)))[0]!.sha256}`);
    const [yousignEvents] = await h.database.db.select({ n: count() }).from(signatureEvents).where(eq(signatureEvents.requestId, request.id));
    // created + sent + the three distinct provider events.
    expect(yousignEvents!.n).toBe(5);

    await h.skipTo(new Date((await h.now()).getTime() + 45 * 86_400_000));
    const rows = await eventually(async () => {
      const found = await h.database.db.select().from(occurrences).where(eq(occurrences.missionId, missionId));
      expect(found.length).toBeGreaterThan(0);
      return found;
    });
    expect(new Set(rows.map((r) => r.deadline)).size).toBe(rows.length);
  }, 240_000);

  it('takes the mission back to validated once per request when Yousign reports it declined, expired or canceled — each event three times, out of order — and alerts the assignee with the reason', async () => {
    const { missionId } = await seedValidatedMissionWithLetter(h, s);
    const webhook = `${s.baseUrl}/api/v1/webhooks/yousign`;
    const endedEmails = () =>
      h.database.db
        .select()
        .from(outboxEmails)
        .where(and(sql`${outboxEmails.toAddresses} ? ${h.org.collaborator.email}`, sql`${outboxEmails.tags}->>'kind' = 'mission-signature-ended'`));
    const backToValidated = async () => {
      const rows = await h.database.db
        .select()
        .from(historyEntries)
        .where(and(eq(historyEntries.entityId, missionId), eq(historyEntries.field, 'status'), sql`${historyEntries.newValue} = '"validated"'::jsonb`, sql`${historyEntries.oldValue} = '"awaiting_signature"'::jsonb`));
      return rows.length;
    };

    const endings = [
      { events: (id: string, signer: string) => [stub.event(id, 'signer.declined', signer, undefined, { reason: 'Honoraires trop élevés' }), stub.event(id, 'signature_request.declined', undefined, undefined, { reason: 'Honoraires trop élevés' })], status: 'declined', subject: 'a été refusée', reason: 'Honoraires trop élevés' },
      { events: (id: string) => [stub.event(id, 'signature_request.expired')], status: 'expired', subject: 'a expiré', reason: 'Délai de signature expiré' },
      { events: (id: string) => [stub.event(id, 'signature_request.canceled', undefined, undefined, { reason: 'Annulée depuis Yousign' })], status: 'canceled', subject: 'a été annulée', reason: 'Annulée depuis Yousign' },
    ] as const;
    for (const [index, ending] of endings.entries()) {
      const sent = await s.api.post(`/api/v1/missions/${missionId}/letter/signature`, { way: 'electronic' });
      expect(sent.status, JSON.stringify(sent.body)).toBe(201);
      const providerId = sent.body.request.providerRequestId as string;
      await eventually(async () => expect((await s.api.get(`/api/v1/missions/${missionId}/state`)).body.signatureRequest?.requestId).toBe(sent.body.request.id));
      const bodies = ending.events(providerId, stub.requests.get(providerId)!.signers[0]!.id);
      const deliveries = bodies.length === 1 ? [bodies[0], bodies[0], bodies[0]] : [bodies[1], bodies[0], bodies[1], bodies[0], bodies[0], bodies[1]];
      for (const body of deliveries) expect(await stub.deliver(webhook, body!)).toBe(200);

      const state = await eventually(async () => {
        const current = (await s.api.get(`/api/v1/missions/${missionId}/state`)).body;
        expect(current.status).toBe('validated');
        expect(await endedEmails()).toHaveLength(index + 1);
        return current;
      });
      expect(state.signatureRequest).toMatchObject({ requestId: sent.body.request.id, status: ending.status, endReason: ending.reason });
      if (ending.status === 'declined') {
        expect(state.signatureRequest.signers.map((x: { status: string }) => x.status)).toEqual(['declined', 'pending']);
        expect(state.signatureRequest.signers[0].declinedAt).not.toBeNull();
      }
      const alert = (await endedEmails()).find((e) => e.subject.includes(ending.subject))!;
      expect(alert.text).toContain(ending.reason === 'Délai de signature expiré' ? 'expiré' : ending.reason);
      expect(await backToValidated()).toBe(index + 1);
    }
    // The overdue alert still counts from the sending: it is not cancelled by the endings.
    expect((await s.api.get(`/api/v1/missions/${missionId}/state`)).body.overdueAt).not.toBeNull();
  }, 240_000);

  it('tells the mission of a refusal on the webhook’s retry when the delivery that recorded it could not (Temporal unreachable)', async () => {
    const { missionId } = await seedValidatedMissionWithLetter(h, s);
    const sent = await s.api.post(`/api/v1/missions/${missionId}/letter/signature`, { way: 'electronic' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const request = sent.body.request as { id: string; providerRequestId: string };
    await eventually(async () => expect((await s.api.get(`/api/v1/missions/${missionId}/state`)).body.signatureRequest?.requestId).toBe(request.id));
    const body = stub.event(request.providerRequestId, 'signature_request.declined', undefined, undefined, { reason: 'Nous changeons de cabinet' });
    const { event_id: eventId } = JSON.parse(body) as { event_id: string };
    // What the first delivery left before failing: its event recorded and the request settled; the mission never heard.
    await h.database.db.transaction(async (tx) => {
      await recordSignatureEvent(tx, { organisationId: h.org.organisationId, requestId: request.id, type: 'signature_request.declined', providerEventId: `yousign/${eventId}`, data: {} });
      await settleSignatureRequest(tx, request.id, 'declined', new Date(), 'Nous changeons de cabinet');
    });
    expect((await s.api.get(`/api/v1/missions/${missionId}/state`)).body.status).toBe('awaiting_signature');
    // Yousign retries the same event.
    expect(await stub.deliver(`${s.baseUrl}/api/v1/webhooks/yousign`, body)).toBe(200);
    const state = await eventually(async () => {
      const current = (await s.api.get(`/api/v1/missions/${missionId}/state`)).body;
      expect(current.status).toBe('validated');
      return current;
    });
    expect(state.signatureRequest).toMatchObject({ requestId: request.id, status: 'declined', endReason: 'Nous changeons de cabinet' });
  }, 240_000);

  it('withdraws the letter at Yousign when the mission is cancelled or deleted before its signature, so its signers can no longer sign', async () => {
    for (const [end, reason] of [
      ['cancel', 'Mission annulée'],
      ['delete', 'Mission supprimée'],
    ] as const) {
      const { missionId } = await seedValidatedMissionWithLetter(h, s);
      const sent = await s.api.post(`/api/v1/missions/${missionId}/letter/signature`, { way: 'electronic' });
      expect(sent.status, JSON.stringify(sent.body)).toBe(201);
      const request = sent.body.request as { id: string; providerRequestId: string };
      const remote = stub.requests.get(request.providerRequestId)!;
      expect(remote.status).toBe('ongoing');

      const ended = end === 'cancel' ? await s.api.post(`/api/v1/missions/${missionId}/cancel`) : await s.api.delete(`/api/v1/missions/${missionId}`);
      expect(ended.status, JSON.stringify(ended.body)).toBeLessThan(300);
      // Closed here in the same transaction (the built-in signing page would say so)…
      const local = (await latestSignatureRequestOf(h.database.db, h.org.organisationId, { type: 'mission', id: missionId }))!;
      expect(local).toMatchObject({ id: request.id, status: 'canceled', endReason: reason });
      // …then withdrawn at Yousign, once, with the reason as note.
      await eventually(async () => expect(remote.status).toBe('canceled'));
      expect(remote.cancellations).toEqual([{ reason: 'contractualization_aborted', custom_note: reason }]);
      const types = await eventually(async () => {
        const events = await h.database.db.select({ type: signatureEvents.type }).from(signatureEvents).where(eq(signatureEvents.requestId, request.id));
        expect(events.map((e) => e.type)).toContain('request.provider_canceled');
        return events.map((e) => e.type);
      });
      expect(types.filter((type) => type === 'request.canceled')).toHaveLength(1);
      // A signature Yousign would still report changes nothing.
      const webhook = `${s.baseUrl}/api/v1/webhooks/yousign`;
      expect(await stub.deliver(webhook, stub.event(request.providerRequestId, 'signature_request.done'))).toBe(200);
      expect((await latestSignatureRequestOf(h.database.db, h.org.organisationId, { type: 'mission', id: missionId }))!.status).toBe('canceled');
    }
  }, 240_000);
});
