/**
 * A worker killed between an occurrence's transaction and the workflow task that records its
 * result: the task runs again on the real worker and the project's time-skipping server, finds the
 * occurrence already created, and must still start its information request's emails (before
 * 2026-12-01 only a fresh creation did, so that request never reached its client).
 */
import { and, count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { occurrences, outboxEmails } from '../../db/schema/index.ts';
import { createOccurrence } from '../../domain/occurrences/create-occurrence.ts';
import { informationRequestWorkflowId } from '../../workflows/information-request.contract.ts';
import { createSignedMission, replayEveryHistory, vat2027Deadlines, vatLine } from './support/mission-fixtures.ts';
import { parisInstant, startMissionHarness, type MissionHarness } from './support/mission-harness.ts';

let h: MissionHarness;
beforeAll(async () => {
  h = await startMissionHarness();
  await h.skipTo(parisInstant('2027-01-05', '09:00'));
});
afterAll(async () => h?.close());

describe('an occurrence whose first attempt committed and was lost', () => {
  it('still starts its request’s emails when the retry finds it created, and sends each once', async () => {
    const mission = await createSignedMission(h, { name: 'TVA 2027 (reprise)', lines: [vatLine(h)] });
    const deadline = vat2027Deadlines[0]!;
    // The first attempt's transaction, committed before its worker died: the line's workflow never heard of it.
    const first = await createOccurrence(h.database.db, { kind: 'system', organisationId: h.org.organisationId, label: 'Tentative interrompue' }, { missionId: mission.id, lineId: mission.lines[0]!.id, deadline, at: await h.now() });
    expect(first.outcome).toBe('created');
    const [requestId] = (first as { informationRequestIds: string[] }).informationRequestIds;

    // The line's timer fires (00:00 Paris ten days ahead): its attempt finds the occurrence.
    await h.skipTo(parisInstant('2027-01-19', '08:00'));
    await expect
      .poll(async () => (await h.database.db.select({ key: outboxEmails.idempotencyKey }).from(outboxEmails).where(like(outboxEmails.idempotencyKey, `information-request/${requestId}/%`))).map((row) => row.key), { timeout: 30_000, interval: 250 })
      .toEqual([`information-request/${requestId}/created`]);
    const emails = await h.env.client.workflow.getHandle(informationRequestWorkflowId(requestId!)).describe();
    expect(emails.status.name).toBe('RUNNING');
    const [created] = await h.database.db.select({ n: count() }).from(occurrences).where(and(eq(occurrences.missionId, mission.id), eq(occurrences.deadline, deadline)));
    expect(created!.n).toBe(1);
    await replayEveryHistory(h);
  });
});
