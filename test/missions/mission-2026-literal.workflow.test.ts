/**
 * The acceptance scenarios at their literal 2026 dates. The server clock is started in the past
 * (`--start-time`, a flag of the project's dev server) at the day of the signature, and moves only
 * forward from there; the other mission tests run the same rules in 2027 from today's clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creationInstant } from '../../domain/missions/plan-occurrences.ts';
import { createSignedMission, quarterlyLine, replayEveryHistory, vatLine } from './support/mission-fixtures.ts';
import { informationRequestsOf, parisDate, parisInstant, startMissionHarness, tasksOf, type MissionHarness } from './support/mission-harness.ts';

/** Monthly on the 30th (last day of February), moved back to the previous business day. */
const vat2026Deadlines = [
  '2026-01-30',
  '2026-02-27', // 02-28 is a Saturday
  '2026-03-30',
  '2026-04-30',
  '2026-05-29', // 05-30 is a Saturday
  '2026-06-30',
  '2026-07-30',
  '2026-08-28', // 08-30 is a Sunday
  '2026-09-30',
  '2026-10-30',
  '2026-11-30',
  '2026-12-30',
];
const quarterly2026Deadlines = ['2026-03-31', '2026-06-30', '2026-09-30', '2026-12-31'];
const mission2026 = { startDate: '2026-01-01', endDate: '2026-12-31' };

function expectCreatedOnDeadlineMinus(rows: Array<{ deadline: string; createdAt: Date }>, leadTimeDays: number) {
  for (const row of rows) expect(parisDate(row.createdAt), `creation day of ${row.deadline}`).toBe(parisDate(new Date(creationInstant(row.deadline, leadTimeDays))));
}

describe('a mission running 2026-01-01 → 2026-12-31, signed on 2026-01-05', () => {
  let h: MissionHarness;
  beforeAll(async () => {
    h = await startMissionHarness({ startTime: parisInstant('2026-01-05', '09:00').toISOString() });
  });
  afterAll(async () => h?.close());

  it('creates exactly 12 VAT requests, each on its deadline minus 10 days, and 4 quarterly tasks', async () => {
    const signed = await createSignedMission(h, { ...mission2026, name: 'TVA 2026', lines: [vatLine(h), quarterlyLine(h)] });
    const signedAt = new Date(signed.signedAt);
    expect(parisDate(signedAt)).toBe('2026-01-05');

    await h.skipTo(parisInstant('2027-01-02'));

    const requests = await informationRequestsOf(h.database, signed.id);
    expect(requests.map((request) => request.deadline)).toEqual(vat2026Deadlines);
    expectCreatedOnDeadlineMinus(requests, 10);
    expect(parisDate(requests[0]!.createdAt)).toBe('2026-01-20');
    expect(requests.every((request) => request.createdAt >= signedAt && request.deadline <= '2026-12-31')).toBe(true);

    const tasks = await tasksOf(h.database, signed.id);
    expect(tasks.map((task) => task.deadline)).toEqual(quarterly2026Deadlines);
    await replayEveryHistory(h);
  });
});

describe('the same mission signed on 2026-04-10', () => {
  let h: MissionHarness;
  beforeAll(async () => {
    h = await startMissionHarness({ startTime: parisInstant('2026-04-10', '09:00').toISOString() });
  });
  afterAll(async () => h?.close());

  it('skips the deadlines already past by default, and with "create past" creates them at once, exactly once', async () => {
    const skipping = await createSignedMission(h, { ...mission2026, name: 'TVA 2026 (sans rattrapage)', lines: [vatLine(h)] });
    const catchingUp = await createSignedMission(h, { ...mission2026, name: 'TVA 2026 (avec rattrapage)', createPastOccurrences: true, lines: [vatLine(h)] });
    expect(parisDate(new Date(catchingUp.signedAt))).toBe('2026-04-10');

    await expect.poll(async () => (await informationRequestsOf(h.database, catchingUp.id)).map((request) => request.deadline)).toEqual(['2026-01-30', '2026-02-27', '2026-03-30']);
    expect(await informationRequestsOf(h.database, skipping.id)).toEqual([]);

    await h.skipTo(parisInstant('2027-01-02'));
    expect((await informationRequestsOf(h.database, skipping.id)).map((request) => request.deadline)).toEqual(vat2026Deadlines.slice(3));
    expect((await informationRequestsOf(h.database, catchingUp.id)).map((request) => request.deadline)).toEqual(vat2026Deadlines);
  });
});
