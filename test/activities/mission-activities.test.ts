/**
 * The mission workflow's activities on their own (no worker, no server), over a real database
 * and the real outbox: what each answers the workflow, that each is idempotent (Temporal may run
 * an activity again), and that what fails for good is a non-retryable failure the workflow
 * does not wait on.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { and, count, eq } from 'drizzle-orm';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { DatabaseOutboxStore } from '../../adapters/email/database-outbox-store.ts';
import { EmailDeliveryError, type EmailSender } from '../../adapters/email/email-sender.ts';
import { OutboxEmailSender } from '../../adapters/email/outbox-email-sender.ts';
import { createMissionActivities } from '../../activities/missions.ts';
import { parseConfig } from '../../config.ts';
import { occurrences, outboxEmails } from '../../db/schema/index.ts';
import { seedActiveMission, seedDraftMission, seedValidatedMission } from '../support/seed-missions.ts';
import { twoOrganisations } from '../support/two-organisations.ts';

const { database, acme, other } = await twoOrganisations();
const config = parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
const deps = {
  config,
  db: database.db,
  logger: pino({ level: 'silent' }),
  emailSender: new OutboxEmailSender({ store: new DatabaseOutboxStore(database.db), directory: mkdtempSync(path.join(tmpdir(), 'echeance-activities-')) }),
};
const acts = createMissionActivities(deps);
const user = { kind: 'user' as const, userId: acme.admin.id, label: 'Alice Admin' };
const year2027 = { startDate: '2027-01-01', endDate: '2027-12-31' };

/** The non-retryable ApplicationFailure an activity call failed with. */
async function finalFailureOf(call: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await call.then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  expect((error as ApplicationFailure).nonRetryable).toBe(true);
  return error as ApplicationFailure;
}

describe('the mission activities', () => {
  it('load a mission as the workflow keeps it: its status, and a plan only once signed', async () => {
    const draft = await seedDraftMission(database.db, acme, year2027);
    const loaded = await acts.loadMission({ organisationId: acme.organisationId, missionId: draft.id });
    expect(loaded).toMatchObject({ status: 'draft', endDate: '2027-12-31', validatedAt: null, signature: null, plan: null });

    const active = await seedActiveMission(database.db, acme, year2027);
    const running = await acts.loadMission({ organisationId: acme.organisationId, missionId: active.id });
    expect(running.status).toBe('active');
    expect(running.plan?.lines.map((line) => line.lineId)).toEqual(active.lines.map((line) => line.id));
  });

  it('validate, send for signature, sign and activate idempotently: a retry answers the same snapshot', async () => {
    const draft = await seedDraftMission(database.db, acme, year2027);
    const ref = { organisationId: acme.organisationId, missionId: draft.id };
    const at = '2026-12-01T09:00:00.000Z';
    const validated = await acts.validateMission({ ...ref, actor: user, at });
    expect(validated).toMatchObject({ status: 'validated', validatedAt: at });
    expect(await acts.validateMission({ ...ref, actor: user, at: '2026-12-02T09:00:00.000Z' })).toEqual(validated);

    const sent = await acts.sendMissionForSignature({ ...ref, actor: user, at });
    expect(sent).toMatchObject({ status: 'awaiting_signature', sentForSignatureAt: at });
    expect(await acts.sendMissionForSignature({ ...ref, actor: user, at })).toEqual(sent);

    const signature = { signatureId: 'manual/activity-test', signer: 'Claire Martin', signedAt: at, level: 'manual' as const };
    const signed = await acts.signMission({ ...ref, actor: user, signature });
    expect(signed).toMatchObject({ status: 'signed', signature: { signatureId: 'manual/activity-test' } });
    expect(signed.plan).not.toBeNull();
    expect(await acts.signMission({ ...ref, actor: user, signature })).toEqual(signed);

    const active = await acts.activateMission({ ...ref, at });
    expect(active).toMatchObject({ status: 'active', activatedAt: at });
    expect(await acts.activateMission({ ...ref, at: '2026-12-03T09:00:00.000Z' })).toEqual(active);
  });

  it('refuse a command the status does not allow for good, with the lifecycle’s reason', async () => {
    const draft = await seedDraftMission(database.db, acme, year2027);
    const failure = await finalFailureOf(acts.sendMissionForSignature({ organisationId: acme.organisationId, missionId: draft.id, actor: user, at: new Date().toISOString() }));
    expect(failure.type).toBe('conflict');
    expect(failure.details?.[0]).toMatchObject({ reason: expect.any(String) });
  });

  it('answer not found for good for another organisation’s mission', async () => {
    const draft = await seedDraftMission(database.db, acme, year2027);
    const failure = await finalFailureOf(acts.loadMission({ organisationId: other.organisationId, missionId: draft.id }));
    expect(failure.type).toBe('not_found');
  });

  it('raise the overdue alert once: one email to the assignee however often the activity runs', async () => {
    const validated = await seedValidatedMission(database.db, acme, year2027);
    const ref = { organisationId: acme.organisationId, missionId: validated.id };
    const first = await acts.alertOverdueMission({ ...ref, at: new Date().toISOString() });
    expect(first).toMatchObject({ alerted: true, emailedTo: acme.collaborator.email });
    expect(first.snapshot.overdueAlertedAt).not.toBeNull();
    const again = await acts.alertOverdueMission({ ...ref, at: new Date().toISOString() });
    expect(again.snapshot.overdueAlertedAt).toBe(first.snapshot.overdueAlertedAt);
    const [emails] = await database.db.select({ n: count() }).from(outboxEmails).where(eq(outboxEmails.idempotencyKey, `mission-overdue/${validated.id}`));
    expect(emails!.n).toBe(1);
  });

  it('give the overdue alert up for good when the email provider refuses it for good', async () => {
    const refusing: EmailSender = {
      async send() {
        throw new EmailDeliveryError('email_rejected', 'The provider refused the email for good', { retryable: false });
      },
    };
    const validated = await seedValidatedMission(database.db, acme, year2027);
    const failure = await finalFailureOf(createMissionActivities({ ...deps, emailSender: refusing }).alertOverdueMission({ organisationId: acme.organisationId, missionId: validated.id, at: new Date().toISOString() }));
    expect(failure.type).toBe('email_rejected');
  });

  it('create an occurrence exactly once per line and deadline', async () => {
    const active = await seedActiveMission(database.db, acme, year2027);
    const input = { organisationId: acme.organisationId, missionId: active.id, lineId: active.lines[0]!.id, deadline: '2027-04-20', at: new Date().toISOString() };
    const created = await acts.createOccurrence(input);
    expect(created).toMatchObject({ outcome: 'created', informationRequestIds: [expect.any(String)] });
    // Found again (a retry), it names its requests: a retry must be able to start their emails.
    const { occurrenceId, informationRequestIds } = created as { occurrenceId: string; informationRequestIds: string[] };
    expect(await acts.createOccurrence(input)).toEqual({ outcome: 'already_created', occurrenceId, informationRequestIds });
    const [rows] = await database.db.select({ n: count() }).from(occurrences).where(and(eq(occurrences.missionId, active.id), eq(occurrences.deadline, '2027-04-20')));
    expect(rows!.n).toBe(1);
    expect(await acts.createOccurrence({ ...input, deadline: '2027-04-21' })).toEqual({ outcome: 'skipped', reason: 'not_a_deadline' });
  });
});
