/**
 * A mission signed late: "the same mission signed on 2026-04-10", run in 2027 for the reason
 * given in mission-year.workflow.test.ts (the time-skipping clock starts today and only moves
 * forward): the server clock is skipped to 2027-04-10, the missions run 2027-01-01 → 2027-12-31.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creationInstant } from '../../domain/missions/plan-occurrences.ts';
import { createSignedMission, quarterly2027Deadlines, quarterlyLine, replayEveryHistory, vat2027Deadlines, vatLine } from './support/mission-fixtures.ts';
import { informationRequestsOf, parisDate, parisInstant, startMissionHarness, tasksOf, type MissionHarness } from './support/mission-harness.ts';

let h: MissionHarness;
beforeAll(async () => {
  h = await startMissionHarness();
  await h.skipTo(parisInstant('2027-04-10', '09:00'));
});
afterAll(async () => h?.close());

describe('a mission signed on 2027-04-10', () => {
  it('skips the deadlines already past by default, and with "create past" creates them at once, exactly once', async () => {
    const skipping = await createSignedMission(h, { name: 'TVA 2027 (sans rattrapage)', lines: [vatLine(h), quarterlyLine(h)] });
    const catchingUp = await createSignedMission(h, { name: 'TVA 2027 (avec rattrapage)', createPastOccurrences: true, lines: [vatLine(h), quarterlyLine(h)] });
    const signedAt = new Date(catchingUp.signedAt);
    expect(parisDate(signedAt)).toBe('2027-04-10');

    // At once: January to March for the catching-up mission, nothing for the other one.
    await expect.poll(async () => (await informationRequestsOf(h.database, catchingUp.id)).map((request) => request.deadline), { timeout: 15_000 }).toEqual(['2027-01-29', '2027-02-26', '2027-03-30']);
    await expect.poll(async () => (await tasksOf(h.database, catchingUp.id)).map((task) => task.deadline), { timeout: 15_000 }).toEqual(['2027-03-31']);
    expect(await informationRequestsOf(h.database, skipping.id)).toEqual([]);
    expect(await tasksOf(h.database, skipping.id)).toEqual([]);
    const pastCreations = [...(await informationRequestsOf(h.database, catchingUp.id)), ...(await tasksOf(h.database, catchingUp.id))];
    for (const row of pastCreations) {
      expect(row.createdAt.getTime() - signedAt.getTime(), `created at signature: ${row.deadline}`).toBeGreaterThanOrEqual(0);
      expect(row.createdAt.getTime() - signedAt.getTime(), `created at signature: ${row.deadline}`).toBeLessThan(60_000);
    }

    await h.skipTo(parisInstant('2028-01-02'));

    const skippedRequests = await informationRequestsOf(h.database, skipping.id);
    expect(skippedRequests.map((request) => request.deadline)).toEqual(vat2027Deadlines.filter((deadline) => deadline >= '2027-04-10'));
    expect((await tasksOf(h.database, skipping.id)).map((task) => task.deadline)).toEqual(['2027-06-30', '2027-09-30', '2027-12-31']);
    for (const request of skippedRequests) expect(parisDate(request.createdAt)).toBe(parisDate(creationInstant(request.deadline, 10)));

    // The past ones exactly once, then the rest of the year on schedule.
    const caughtUp = await informationRequestsOf(h.database, catchingUp.id);
    expect(caughtUp.map((request) => request.deadline)).toEqual(vat2027Deadlines);
    expect((await tasksOf(h.database, catchingUp.id)).map((task) => task.deadline)).toEqual(quarterly2027Deadlines);
    for (const request of caughtUp.slice(3)) expect(parisDate(request.createdAt)).toBe(parisDate(creationInstant(request.deadline, 10)));

    await replayEveryHistory(h);
  });
});
