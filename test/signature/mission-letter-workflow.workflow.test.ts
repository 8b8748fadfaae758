import { createHash } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents, outboxEmails } from '../../db/schema/index.ts';
import { issuePortalToken } from '../../domain/clients/issue-portal-token.ts';
import { missionWorkflowId } from '../../domain/missions/mission-lifecycle.ts';
import { pdfText } from '../letters/pdf-text.ts';
import { startMissionHarness, type MissionHarness } from '../missions/support/mission-harness.ts';
import { adminActor } from '../support/seed-catalogue.ts';
import { seedOrganisation } from '../support/seed.ts';
import { apiClient } from '../support/test-app.ts';
import { eventually, seedValidatedMissionWithLetter, startSignatureApp, type SignatureApp } from './signature-world.ts';

const DAY_MS = 86_400_000;

let h: MissionHarness;
let s: SignatureApp;

beforeAll(async () => {
  h = await startMissionHarness({ startWorker: false });
  s = await startSignatureApp(h);
  for (const field of [
    { missionType: 'accounting', key: 'date_cloture', label: 'Date de clôture', kind: 'date', required: true },
    { missionType: 'accounting', key: 'honoraires_bilan', label: 'Honoraires du bilan', kind: 'money' },
  ]) {
    expect((await s.admin.post('/api/v1/custom-fields', field)).status).toBe(201);
  }
}, 180_000);
afterAll(async () => {
  await s?.close();
  await h?.close();
});

const customValues = { date_cloture: '2027-12-31', honoraires_bilan: 96000 };

/** The emails of one kind sent to `address`, oldest first. */
async function emailsTo(address: string, kind: string) {
  return h.database.db
    .select()
    .from(outboxEmails)
    .where(and(sql`${outboxEmails.toAddresses} ? ${address}`, sql`${outboxEmails.tags}->>'kind' = ${kind}`))
    .orderBy(asc(outboxEmails.createdAt));
}

describe('validating a mission freezes its letter through the mission workflow', () => {
  it('refuses to validate while the letter is incomplete, naming each missing field, and leaves the mission a draft', async () => {
    const created = await s.api.post('/api/v1/missions', {
      clientId: h.client.id,
      name: 'Mission incomplète',
      startDate: '2027-01-01',
      endDate: '2027-12-31',
      lines: [{ serviceId: h.vatService.id, frequency: 'monthly', deadlineRule: { kind: 'day-of-month', day: 30 }, leadTimeDays: 10 }],
    });
    expect(created.status).toBe(201);
    expect((await s.api.put(`/api/v1/missions/${created.body.id}/letter`, { typology: 'Commerçant', customValues })).status).toBe(200);
    const refused = await s.api.post(`/api/v1/missions/${created.body.id}/validate`);
    expect(refused.status).toBe(422);
    expect(refused.body.reason).toBe('mission_letter_incomplete');
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['letter.interviewDate', 'letter.clientRepresentativeContactId', 'letter.destinationFolderId']),
    );
    expect((await s.api.get(`/api/v1/missions/${created.body.id}`)).body.status).toBe('draft');
  }, 60_000);

  it('renders the PDF once into the shared folder, where the client finds it; later edits are 409; the validated, unsigned mission can be deleted and its workflow ends', async () => {
    const { missionId, folderId, contact } = await seedValidatedMissionWithLetter(h, s, { customValues });
    const letter = (await s.api.get(`/api/v1/missions/${missionId}/letter`)).body.letter;
    expect(letter.frozenAt).not.toBeNull();
    // Validating again (a retried request) renders nothing more.
    expect((await s.api.post(`/api/v1/missions/${missionId}/validate`)).status).toBe(200);
    const letters = await h.database.db.select().from(documents).where(and(eq(documents.folderId, folderId), sql`${documents.name} like 'Lettre de mission%'`));
    expect(letters.map((d) => d.id)).toEqual([letter.documentId]);
    const bytes = new Uint8Array(await buffer((await s.storage.get(letters[0]!.storageKey)).stream));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(letter.sha256);
    const text = pdfText(bytes);
    for (const expected of [h.client.name, '31 décembre 2027', '960,00 €', 'RCS Lyon 552 100 554', 'FR40552100554']) expect(text).toContain(expected);

    const edit = await s.api.put(`/api/v1/missions/${missionId}/letter`, { typology: 'Artisan' });
    expect(edit.status).toBe(409);
    expect(edit.body.reason).toBe('mission_letter_frozen');
    expect(edit.body.detail).toContain('créez une nouvelle mission');
    const patch = await s.api.patch(`/api/v1/missions/${missionId}`, { name: 'Autre' });
    expect(patch.status).toBe(409);
    expect(patch.body.reason).toBe('mission_status_conflict');
    expect(patch.body.detail).toContain('create a new mission');

    const { token } = await issuePortalToken(h.database.db, adminActor(h.org), h.client.id, contact.id, s.baseUrl);
    const portal = await apiClient(s.app, token).get('/api/v1/portal/documents');
    const shared = (portal.body.folders as Array<{ id: string; documents: Array<{ id: string }> }>).find((f) => f.id === folderId);
    expect(shared?.documents.map((d) => d.id)).toContain(letter.documentId);

    const stranger = apiClient(s.app, (await seedOrganisation(h.database.db)).adminToken);
    expect((await stranger.delete(`/api/v1/missions/${missionId}`)).status).toBe(404);
    const deleted = await s.api.delete(`/api/v1/missions/${missionId}`);
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(204);
    expect((await s.api.get(`/api/v1/missions/${missionId}`)).status).toBe(404);
    const result = await h.env.client.workflow.getHandle(missionWorkflowId(missionId)).result();
    expect(result).toMatchObject({ missionId, deleted: true });
    // The letter stays in the client's document store.
    expect((await s.api.get(`/api/v1/documents/${letter.documentId}`)).status).toBe(200);
  }, 180_000);
});

describe('following the built-in signature from the mission workflow', () => {
  it('shows each signer in the state, reminds the unsigned client every 7 days until expiry, then expires: back to validated, the assignee alerted, the overdue alert kept', async () => {
    const { missionId, contact } = await seedValidatedMissionWithLetter(h, s, { customValues });
    const sent = await s.api.post(`/api/v1/missions/${missionId}/letter/signature`, { way: 'electronic' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const sentAt = Date.parse(sent.body.request.createdAt);

    const state = (await s.api.get(`/api/v1/missions/${missionId}/state`)).body;
    expect(state.status).toBe('awaiting_signature');
    expect(state.signatureRequest).toMatchObject({ requestId: sent.body.request.id, method: 'builtin', status: 'ongoing', reminderIntervalDays: 7 });
    expect(state.signatureRequest.signers.map((x: { role: string; status: string; signedAt: string | null }) => [x.role, x.status, x.signedAt])).toEqual([
      ['client', 'pending', null],
      ['firm', 'pending', null],
    ]);
    expect(Date.parse(state.signatureRequest.nextReminderAt)).toBe(sentAt + 7 * DAY_MS);

    await h.skipTo(new Date(sentAt + 7 * DAY_MS + 3_600_000));
    const first = await eventually(async () => {
      const reminders = await emailsTo(contact.email!, 'mission-letter-signature-reminder');
      expect(reminders).toHaveLength(1);
      return reminders[0]!;
    });
    expect(first.subject).toMatch(/^Rappel : /);
    expect(first.text).toContain(`${s.baseUrl}/signature/`);
    await eventually(async () => {
      const next = (await s.api.get(`/api/v1/missions/${missionId}/state`)).body.signatureRequest;
      expect(next.signers[0].lastRemindedAt).not.toBeNull();
      expect(Date.parse(next.nextReminderAt)).toBe(sentAt + 14 * DAY_MS);
    });

    // Past the 30-day expiry: reminders at days 7, 14, 21 and 28, the overdue alert at day 15, then the expiry.
    await h.skipTo(new Date(sentAt + 31 * DAY_MS));
    const ended = await eventually(async () => {
      const mission = (await s.api.get(`/api/v1/missions/${missionId}`)).body;
      expect(mission.status).toBe('validated');
      const alerts = await emailsTo(h.org.collaborator.email, 'mission-signature-ended');
      expect(alerts.filter((e) => e.subject.includes('a expiré'))).toHaveLength(1);
      return mission;
    }, 60_000);
    expect(ended.overdueAlertedAt).not.toBeNull();
    expect(await emailsTo(contact.email!, 'mission-letter-signature-reminder')).toHaveLength(4);
    const after = (await s.api.get(`/api/v1/missions/${missionId}/state`)).body;
    expect(after.signatureRequest).toMatchObject({ status: 'expired', endReason: 'Délai de signature expiré', nextReminderAt: null });
    expect(after.signatureRequest.endedAt).not.toBeNull();

    // The letter can be sent again: a new request, awaiting signature again.
    const again = await s.api.post(`/api/v1/missions/${missionId}/letter/signature`, { way: 'electronic' });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.request.id).not.toBe(sent.body.request.id);
    expect((await s.api.get(`/api/v1/missions/${missionId}`)).body.status).toBe('awaiting_signature');
  }, 300_000);
});
