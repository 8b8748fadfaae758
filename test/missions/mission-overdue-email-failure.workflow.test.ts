/**
 * An overdue alert whose email fails for good (the provider refuses it: a non-retryable adapter
 * error) must not hold the mission's workflow: sign and cancel still answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmailDeliveryError, type EmailSender, type OutgoingEmail } from '../../adapters/email/email-sender.ts';
import { createMission, vatLine } from './support/mission-fixtures.ts';
import { startMissionHarness, type MissionHarness } from './support/mission-harness.ts';

const DAY = 24 * 3_600_000;
const attempts: OutgoingEmail[] = [];
/** An email provider that refuses every email for good (e.g. the assignee's address bounces). */
const refusingSender: EmailSender = {
  async send(email) {
    attempts.push(email);
    throw new EmailDeliveryError('email_rejected', 'The provider refused the email for good', { retryable: false });
  },
};

let h: MissionHarness;
beforeAll(async () => {
  h = await startMissionHarness({ workerOverrides: { emailSender: refusingSender } });
});
afterAll(async () => h?.close());

describe('an overdue alert whose email fails for good', () => {
  it('is tried once and given up, and the mission can still be cancelled or signed', async () => {
    const start = await h.now();
    const body = { startDate: '2030-01-01', endDate: '2030-12-31', lines: [vatLine(h)] };
    const toCancel = await createMission(h, { ...body, name: 'TVA 2030 (à annuler)' });
    const toSign = await createMission(h, { ...body, name: 'TVA 2030 (à signer)' });
    for (const mission of [toCancel, toSign]) {
      expect((await h.api.post(`/api/v1/missions/${mission.id}/validate`)).status).toBe(200);
      expect((await h.api.post(`/api/v1/missions/${mission.id}/send-for-signature`)).status).toBe(200);
    }

    await h.skipTo(new Date(start.getTime() + 16 * DAY));
    // One attempt per mission: a refusal for good is not retried.
    expect(attempts.filter((email) => email.tags?.kind === 'mission-overdue')).toHaveLength(2);
    const state = await h.api.get(`/api/v1/missions/${toCancel.id}/state`);
    expect(state.body).toMatchObject({ status: 'awaiting_signature', overdueAt: null });

    const cancelled = await h.api.post(`/api/v1/missions/${toCancel.id}/cancel`);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const signed = await h.api.post(`/api/v1/missions/${toSign.id}/sign`, { signer: 'Claire Martin' });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(signed.body.status).toBe('active');

    await h.skipTo(new Date(start.getTime() + 30 * DAY));
    expect(attempts.filter((email) => email.tags?.kind === 'mission-overdue')).toHaveLength(2);
  });
});
