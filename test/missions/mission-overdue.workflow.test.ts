/**
 * The overdue alert of an unsigned mission (MISSION_OVERDUE_AFTER_DAYS = 15 in tests), on the
 * time-skipping server from today's date.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxEmails } from '../../db/schema/index.ts';
import { createMission, vatLine } from './support/mission-fixtures.ts';
import { startMissionHarness, type MissionHarness } from './support/mission-harness.ts';

const DAY = 24 * 3_600_000;
let h: MissionHarness;
beforeAll(async () => {
  h = await startMissionHarness();
});
afterAll(async () => h?.close());

const emailsOf = (missionId: string) => h.database.db.select().from(outboxEmails).where(eq(outboxEmails.idempotencyKey, `mission-overdue/${missionId}`));
const missionOf = async (missionId: string) => (await h.api.get(`/api/v1/missions/${missionId}`)).body;

describe('a mission left unsigned', () => {
  it('alerts the assignee once, 15 days after the letter was sent for signature, and never a signed mission', async () => {
    const start = await h.now();
    const body = { startDate: '2030-01-01', endDate: '2030-12-31', lines: [vatLine(h)] };
    const unsigned = await createMission(h, { ...body, name: 'TVA 2030 (jamais signée)' });
    const sentLater = await createMission(h, { ...body, name: 'TVA 2030 (envoyée plus tard)' });
    const signedInTime = await createMission(h, { ...body, name: 'TVA 2030 (signée à temps)' });
    for (const mission of [unsigned, sentLater, signedInTime]) expect((await h.api.post(`/api/v1/missions/${mission.id}/validate`)).status).toBe(200);
    expect((await h.api.post(`/api/v1/missions/${unsigned.id}/send-for-signature`)).status).toBe(200);

    await h.skipTo(new Date(start.getTime() + 5 * DAY));
    expect((await h.api.post(`/api/v1/missions/${sentLater.id}/send-for-signature`)).status).toBe(200);
    await h.skipTo(new Date(start.getTime() + 10 * DAY));
    expect((await h.api.post(`/api/v1/missions/${signedInTime.id}/sign`, { signer: 'Claire Martin' })).status).toBe(200);

    await h.skipTo(new Date(start.getTime() + 14 * DAY));
    expect((await missionOf(unsigned.id)).overdueAlertedAt).toBeNull();
    const state = await h.api.get(`/api/v1/missions/${unsigned.id}/state`);
    expect(state.body).toMatchObject({ status: 'awaiting_signature', overdueAlertedAt: null });
    const sentAt = new Date((await missionOf(unsigned.id)).sentForSignatureAt).getTime();
    expect(new Date(state.body.overdueAt).getTime()).toBe(sentAt + 15 * DAY);

    await h.skipTo(new Date(start.getTime() + 16 * DAY));
    const alerted = await missionOf(unsigned.id);
    expect(new Date(alerted.overdueAlertedAt).getTime() - (sentAt + 15 * DAY)).toBeLessThan(60_000);
    const [email, ...others] = await emailsOf(unsigned.id);
    expect(others).toEqual([]);
    expect(email).toMatchObject({ organisationId: h.org.organisationId, toAddresses: [h.org.collaborator.email] });
    expect(email!.subject).toContain('Boulangerie Martin');
    expect(email!.subject).toContain('15 jours');
    expect(email!.text).toContain('TVA 2030 (jamais signée)');
    // Sent 5 days later, its alert comes 5 days later.
    expect((await missionOf(sentLater.id)).overdueAlertedAt).toBeNull();

    await h.skipTo(new Date(start.getTime() + 60 * DAY));
    expect(await emailsOf(unsigned.id)).toHaveLength(1);
    expect(await emailsOf(sentLater.id)).toHaveLength(1);
    expect(new Date((await missionOf(sentLater.id)).overdueAlertedAt).getTime() - new Date((await missionOf(sentLater.id)).sentForSignatureAt).getTime()).toBeLessThan(15 * DAY + 60_000);
    expect(await emailsOf(signedInTime.id)).toEqual([]);
    expect((await missionOf(signedInTime.id)).overdueAlertedAt).toBeNull();
    // Still waiting for its signature: a signature dated in the future is refused, signing now works.
    const future = await h.api.post(`/api/v1/missions/${unsigned.id}/sign`, { signer: 'Claire Martin', signedAt: new Date(start.getTime() + 90 * DAY).toISOString() });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([expect.objectContaining({ field: 'signedAt' })]);
    expect((await h.api.post(`/api/v1/missions/${unsigned.id}/sign`, { signer: 'Claire Martin' })).body.status).toBe('active');
    // Signed already: another signature is a conflict, whose problem says so (not "validate it first").
    const again = await h.api.post(`/api/v1/missions/${unsigned.id}/sign`, { signer: 'Quelqu’un d’autre' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ status: 409, reason: 'mission_status_conflict', missionStatus: 'active', command: 'sign' });
    expect(again.body.detail).not.toContain('validate it first');
  });
});
