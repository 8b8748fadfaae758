/**
 * Amending, finishing and cancelling running missions. Run in 2027 (see mission-year.workflow.test.ts):
 * signed on 2027-01-05, amended on 2027-07-01.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignedMission, quarterlyLine, replayEveryHistory, vat2027Deadlines, vatLine } from './support/mission-fixtures.ts';
import { informationRequestsOf, occurrencesOfLine, parisInstant, startMissionHarness, tasksOf, type MissionHarness } from './support/mission-harness.ts';

let h: MissionHarness;
beforeAll(async () => {
  h = await startMissionHarness();
  await h.skipTo(parisInstant('2027-01-05', '09:00'));
});
afterAll(async () => h?.close());

const deadlinesOf = async (missionId: string, lineId: string) => (await occurrencesOfLine(h.database, missionId, lineId)).map((occurrence) => occurrence.deadline);

describe('amending, finishing and cancelling in July 2027', () => {
  it('re-plans only the deadlines from July on: a line from monthly to quarterly, a line removed, a line added', async () => {
    // A one-off request on 02-15: its line's workflow is long completed when July's amendment
    // turns it into a monthly request, so it is started again after its last deadline.
    const oneOff = { serviceId: h.vatService.id, frequency: 'one-off', quantity: 1, deadlineRule: { kind: 'day-of-month', day: 15 }, firstDeadline: '2027-02-15', leadTimeDays: 10 };
    const mission = await createSignedMission(h, { name: 'TVA 2027 (avenant)', lines: [vatLine(h), quarterlyLine(h), oneOff] });
    const [vat, review, bilan] = mission.lines;
    const finished = await createSignedMission(h, { name: 'TVA 2027 (terminée)', lines: [vatLine(h), quarterlyLine(h)] });
    const cancelled = await createSignedMission(h, { name: 'TVA 2027 (résiliée)', lines: [vatLine(h), quarterlyLine(h)] });

    await h.skipTo(parisInstant('2027-07-01', '09:00'));
    const januaryToJune = vat2027Deadlines.filter((deadline) => deadline < '2027-07-01');
    expect(await deadlinesOf(mission.id, vat!.id)).toEqual(januaryToJune);
    expect(await deadlinesOf(mission.id, bilan!.id)).toEqual(['2027-02-15']);
    const before = await h.api.get(`/api/v1/missions/${mission.id}/state`);
    expect(before.body.lines.find((line: { lineId: string }) => line.lineId === bilan!.id)).toMatchObject({ state: 'completed', cursor: '2027-02-15' });

    // A refused amendment names each bad field and changes nothing.
    const refused = await h.api.post(`/api/v1/missions/${mission.id}/amend`, {
      change: [{ lineId: '00000000-0000-4000-8000-000000000000', frequency: 'quarterly' }, { lineId: vat!.id, frequency: 'weekly' }],
      add: [{ ...vatLine(h), serviceId: '00000000-0000-4000-8000-000000000000' }],
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['add.0.serviceId', 'change.0.lineId', 'change.1.deadlineRule']);
    expect((await h.api.get(`/api/v1/missions/${mission.id}`)).body.lines).toHaveLength(3);

    const amended = await h.api.post(`/api/v1/missions/${mission.id}/amend`, {
      change: [
        { lineId: vat!.id, frequency: 'quarterly' },
        { lineId: bilan!.id, frequency: 'monthly' },
      ],
      remove: [review!.id],
      add: [{ serviceId: h.vatService.id, frequency: 'monthly', deadlineRule: { kind: 'last-day-of-month' }, leadTimeDays: 5 }],
    });
    expect(amended.status, JSON.stringify(amended.body)).toBe(200);
    expect(amended.body).toMatchObject({ effectiveFrom: '2027-07-01', changed: [vat!.id, bilan!.id], removed: [review!.id] });
    const added = amended.body.added[0] as string;
    expect(amended.body.mission.lines.find((line: { id: string }) => line.id === vat!.id)).toMatchObject({ frequency: 'quarterly', removedAt: null });
    expect(amended.body.mission.lines.find((line: { id: string }) => line.id === review!.id).removedAt).not.toBeNull();

    // The forecast already shows the new plan: what exists, then the quarterly and the new monthly deadlines.
    const forecast = await h.api.get(`/api/v1/missions/${mission.id}/forecast`);
    const planned = (lineId: string) => forecast.body.occurrences.filter((o: { lineId: string; status: string }) => o.lineId === lineId && o.status === 'planned').map((o: { deadline: string }) => o.deadline);
    expect(planned(vat!.id)).toEqual(['2027-07-30', '2027-10-29']);
    expect(planned(review!.id)).toEqual([]);
    expect(planned(added)).toEqual(['2027-07-30', '2027-08-31', '2027-09-30', '2027-10-29', '2027-11-30', '2027-12-31']);

    for (const [target, action] of [[finished, 'finish'], [cancelled, 'cancel']] as const) {
      const stopped = await h.api.post(`/api/v1/missions/${target.id}/${action}`);
      expect(stopped.status, JSON.stringify(stopped.body)).toBe(200);
      expect(stopped.body.status).toBe(action === 'finish' ? 'finished' : 'cancelled');
      expect((await h.api.post(`/api/v1/missions/${target.id}/amend`, { remove: [target.lines[0]!.id] })).status).toBe(409);
    }

    await h.skipTo(parisInstant('2028-01-02'));

    // Monthly until June, quarterly (30th of Jan/Apr/Jul/Oct, mission-anchored) from July.
    expect(await deadlinesOf(mission.id, vat!.id)).toEqual([...januaryToJune, '2027-07-30', '2027-10-29']);
    // Removed in July: its Q1 and Q2 tasks stay (Q2's was created on 06-15), nothing after.
    expect(await deadlinesOf(mission.id, review!.id)).toEqual(['2027-03-31', '2027-06-30']);
    // Completed one-off turned monthly (the 15th, anchored on its first deadline) from July on.
    expect(await deadlinesOf(mission.id, bilan!.id)).toEqual(['2027-02-15', '2027-07-15', '2027-08-13', '2027-09-15', '2027-10-15', '2027-11-15', '2027-12-15']);
    // Added in July: last day of each month from July on.
    expect(await deadlinesOf(mission.id, added)).toEqual(['2027-07-30', '2027-08-31', '2027-09-30', '2027-10-29', '2027-11-30', '2027-12-31']);
    const afterAll = await h.api.get(`/api/v1/missions/${mission.id}/forecast`);
    expect(afterAll.body.occurrences.every((o: { status: string }) => o.status === 'created')).toBe(true);
    expect(afterAll.body.occurrences).toHaveLength(6 + 2 + 2 + 6 + 7);

    // Finished and cancelled in July: nothing after, every line stopped.
    for (const target of [finished, cancelled]) {
      expect((await informationRequestsOf(h.database, target.id)).map((request) => request.deadline)).toEqual(januaryToJune);
      expect((await tasksOf(h.database, target.id)).map((task) => task.deadline)).toEqual(['2027-03-31', '2027-06-30']);
      const description = await h.env.client.workflow.getHandle(target.workflowId).describe();
      expect(description.status.name).toBe('COMPLETED');
      for (const line of target.lines) {
        const child = await h.env.client.workflow.getHandle(`${target.workflowId}/line/${line.id}`).describe();
        expect(child.status.name, `line ${line.id}`).toBe('CANCELLED');
      }
    }

    await replayEveryHistory(h);
  });
});
