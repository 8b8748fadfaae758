/**
 * The forecast is a promise: a property test that, for random missions (frequencies, deadline
 * rules, first deadlines, lead times, dates before or after the signature, with or without past
 * occurrences), what `GET /missions/{id}/forecast` announces before signing is exactly what the
 * workflows then create on the time-skipping server — same lines, same deadlines, created at the
 * announced instants.
 *
 * Missions are dated relative to the server's clock (it starts today and only moves forward):
 * each sample starts between 200 days before and 200 days after "today", is signed today, and the
 * clock then runs past its end.
 */
import fc from 'fast-check';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { occurrences } from '../../db/schema/index.ts';
import { addDays } from '../../domain/calendar/iso-date.ts';
import { FREQUENCIES, type DeadlineRule, type Frequency } from '../../domain/missions/schedule.ts';
import { parisDate, parisInstant, startMissionHarness, type MissionHarness } from './support/mission-harness.ts';

let h: MissionHarness;
beforeAll(async () => {
  h = await startMissionHarness();
});
afterAll(async () => h?.close());

const rules: fc.Arbitrary<DeadlineRule> = fc.oneof(
  fc.integer({ min: 1, max: 31 }).map((day): DeadlineRule => ({ kind: 'day-of-month', day })),
  fc.constant<DeadlineRule>({ kind: 'last-day-of-month' }),
  fc.constant<DeadlineRule>({ kind: 'end-of-period' }),
);

const lineShapes = fc.constantFrom<Frequency>(...FREQUENCIES).chain((frequency) =>
  fc.record({
    frequency: fc.constant(frequency),
    quantity: frequency === 'one-off' ? fc.integer({ min: 1, max: 5 }) : fc.constant(undefined),
    deadlineRule: frequency === 'weekly' ? fc.constant<DeadlineRule>({ kind: 'end-of-period' }) : rules,
    /** Where the first deadline sits in the mission, as a fraction of its length (none: default). */
    firstDeadlineAt: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined, freq: 3 }),
    leadTimeDays: fc.integer({ min: 0, max: 60 }),
    vat: fc.boolean(),
  }),
);

const missionShapes = fc.record({
  startOffsetDays: fc.integer({ min: -200, max: 200 }),
  lengthDays: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 40 }), weight: 1 }, { arbitrary: fc.integer({ min: 41, max: 420 }), weight: 4 }),
  createPast: fc.boolean(),
  lines: fc.array(lineShapes, { minLength: 1, maxLength: 2 }),
});

describe('the forecast', () => {
  it('announces exactly the occurrences the workflows then create, when they create them', { timeout: 600_000 }, async () => {
    let samples = 0;
    await fc.assert(
      fc.asyncProperty(missionShapes, async (shape) => {
        samples++;
        const today = parisDate(await h.now());
        const startDate = addDays(today, shape.startOffsetDays);
        const endDate = addDays(startDate, shape.lengthDays);
        const lines = shape.lines.map((line) => ({
          serviceId: line.vat ? h.vatService.id : h.quarterlyService.id,
          frequency: line.frequency,
          ...(line.quantity !== undefined ? { quantity: line.quantity } : {}),
          deadlineRule: line.deadlineRule,
          ...(line.firstDeadlineAt !== undefined ? { firstDeadline: addDays(startDate, Math.floor(line.firstDeadlineAt * shape.lengthDays)) } : {}),
          leadTimeDays: line.leadTimeDays,
        }));
        const created = await h.api.post('/api/v1/missions', { clientId: h.client.id, name: `Propriété ${samples}`, startDate, endDate, createPastOccurrences: shape.createPast, lines });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        const missionId = created.body.id as string;
        expect((await h.api.post(`/api/v1/missions/${missionId}/validate`)).status).toBe(200);

        const forecast = await h.api.get(`/api/v1/missions/${missionId}/forecast`);
        expect(forecast.body).toMatchObject({ signedOn: today, signed: false, until: endDate });
        const signed = await h.api.post(`/api/v1/missions/${missionId}/sign`, { signer: 'Claire Martin' });
        expect(signed.status, JSON.stringify(signed.body)).toBe(200);
        const signedAt = new Date(signed.body.signedAt).getTime();
        expect(parisDate(new Date(signedAt))).toBe(today);

        // Run the clock past the mission's end (mid-morning, away from midnight).
        await h.skipTo(parisInstant(addDays(endDate > today ? endDate : today, 2), '10:00'));

        const rows = await h.database.db
          .select()
          .from(occurrences)
          .where(and(eq(occurrences.missionId, missionId)))
          .orderBy(asc(occurrences.deadline), asc(occurrences.missionLineId));
        const announced = forecast.body.occurrences as Array<{ lineId: string; deadline: string; createAt: string }>;
        const key = (o: { lineId?: string; missionLineId?: string; deadline: string }) => `${o.deadline} ${o.lineId ?? o.missionLineId}`;
        expect(rows.map(key).sort()).toEqual(announced.map(key).sort());
        for (const occurrence of announced) {
          const row = rows.find((candidate) => key(candidate) === key(occurrence))!;
          // Created at the announced instant — or when the signature was processed, if that instant
          // had already passed (announced "at signature", or 00:00 on the signature day itself).
          const expectedAt = Math.max(Date.parse(occurrence.createAt), signedAt);
          expect(row.createdAt.getTime() - expectedAt, `creation of ${key(occurrence)}`).toBeGreaterThanOrEqual(0);
          expect(row.createdAt.getTime() - expectedAt, `creation of ${key(occurrence)}`).toBeLessThan(60_000);
        }
        expect((await h.api.get(`/api/v1/missions/${missionId}`)).body.status).toBe('finished');
      }),
      // MISSION_FORECAST_RUNS=100 searches longer (about a minute); no shrinking: the server's clock
      // only moves forward, so a failing sample is reported as found.
      { numRuns: Number(process.env.MISSION_FORECAST_RUNS ?? 15), endOnFailure: true },
    );
  });
});
