/**
 * The Temporal server itself killed with SIGKILL in the middle of 2027 and started again on its
 * journal (`--db-filename`): a signed mission with its sleeping service line, a mission awaiting
 * its signature (a workflow waiting on a signal, as a quote awaiting acceptance), and a running
 * follow-up reminder whose timer falls due while the server is down. Every workflow carries on,
 * the due timer fires once, and the year's occurrences are complete and unique.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { occurrences, outboxEmails } from '../../db/schema/index.ts';
import { followUpReminderWorkflowId } from '../../workflows/follow-up-reminder.signals.ts';
import { seedProspect } from '../prospects/prospect-builders.ts';
import { createMission, createSignedMission, quarterly2027Deadlines, quarterlyLine, replayEveryHistory, vat2027Deadlines, vatLine } from './support/mission-fixtures.ts';
import { informationRequestsOf, parisInstant, startMissionHarness, tasksOf, type MissionHarness } from './support/mission-harness.ts';

let h: MissionHarness;

beforeAll(async () => {
  const dbFilename = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'echeance-temporal-kill-')), 'temporal.db');
  h = await startMissionHarness({ temporalDbFilename: dbFilename });
  await h.skipTo(parisInstant('2027-01-05', '09:00'));
});
afterAll(async () => {
  await h?.close();
});

const occurrencesOf = async (missionId: string) => (await h.database.db.select({ n: count() }).from(occurrences).where(eq(occurrences.missionId, missionId)))[0]!.n;

describe('the Temporal server killed with SIGKILL mid-year (2027)', () => {
  it('resumes every workflow on its journal: the timer due during the downtime fires once, the year is complete and unique', { timeout: 600_000 }, async () => {
    const signed = await createSignedMission(h, { name: 'TVA 2027 (serveur tué)', lines: [vatLine(h)] });
    const awaiting = await createMission(h, { name: 'Revue trimestrielle 2027 (en attente de signature)', lines: [quarterlyLine(h)] });
    expect((await h.api.post(`/api/v1/missions/${awaiting.id}/validate`)).status).toBe(200);
    const prospect = await seedProspect(h.api, h.org, { companyName: 'Garage Martin' });
    // No time: the reminder is due at the end of that Paris day, 2027-01-20T23:00:00Z.
    const action = await h.api.post(`/api/v1/prospects/${prospect.id}/actions`, { actionType: 'follow_up', dueDate: '2027-01-20', description: 'Rappeler M. Martin' });
    expect(action.status, JSON.stringify(action.body)).toBe(201);
    const reminderDue = new Date('2027-01-20T23:00:00.000Z').getTime();
    const remindersSent = () => h.database.db.select().from(outboxEmails).where(like(outboxEmails.idempotencyKey, `follow-up-reminder/${action.body.id}/%`));

    // Ten seconds before the reminder falls due, the server is killed; it stays down longer.
    await h.skipTo(new Date(reminderDue - 10_000));
    const january = (await informationRequestsOf(h.database, signed.id)).map((request) => request.deadline);
    expect(january).toEqual(vat2027Deadlines.slice(0, 1));
    await h.killServer();
    expect(await remindersSent()).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    await h.restartServer();

    // The reminder whose timer fell due during the downtime fires at once, once.
    const reminder = h.env.client.workflow.getHandle(followUpReminderWorkflowId(action.body.id));
    expect(await reminder.result()).toMatchObject({ outcome: 'sent' });
    const reminderEvents = (await reminder.fetchHistory()).events ?? [];
    expect(reminderEvents.filter((event) => event.timerFiredEventAttributes)).toHaveLength(1);
    expect(await remindersSent()).toHaveLength(1);

    // The mission awaiting its signature still waits for it, and takes it.
    const sign = await h.api.post(`/api/v1/missions/${awaiting.id}/sign`, { signer: 'Claire Martin' });
    expect(sign.status, JSON.stringify(sign.body)).toBe(200);
    expect(sign.body.status).toBe('active');

    await h.skipTo(parisInstant('2028-01-02'));
    expect((await informationRequestsOf(h.database, signed.id)).map((request) => request.deadline)).toEqual(vat2027Deadlines);
    expect(await occurrencesOf(signed.id)).toBe(12);
    expect((await tasksOf(h.database, awaiting.id)).map((task) => task.deadline)).toEqual(quarterly2027Deadlines);
    expect(await occurrencesOf(awaiting.id)).toBe(4);
    expect((await h.api.get(`/api/v1/missions/${signed.id}`)).body.status).toBe('finished');
    expect((await h.api.get(`/api/v1/missions/${awaiting.id}`)).body.status).toBe('finished');
    expect(await remindersSent()).toHaveLength(1);

    await replayEveryHistory(h);
  });
});
