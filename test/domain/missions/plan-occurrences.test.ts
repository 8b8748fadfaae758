import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeDeadlines } from '../../../domain/missions/compute-deadlines.ts';
import {
  creationDate,
  creationInstant,
  forecastOccurrences,
  nextOccurrence,
  planOccurrences,
  type PlanOccurrencesInput,
  type PlannedOccurrence,
} from '../../../domain/missions/plan-occurrences.ts';
import { startOfBusinessDay } from '../../../domain/calendar/paris-time.ts';
import type { LineSchedule, MissionBounds } from '../../../domain/missions/schedule.ts';
import { dateBetween, missionBounds, schedules } from './schedule-arbitraries.ts';

const year2026: MissionBounds = { startDate: '2026-01-01', endDate: '2026-12-31' };
const monthly30: LineSchedule = { frequency: 'monthly', deadlineRule: { kind: 'day-of-month', day: 30 }, leadTimeDays: 10 };
const base = { schedule: monthly30, bounds: year2026, createPast: false };

/** Oracle: a calendar date minus days, through Date in UTC. */
const minusDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/** Oracle: the Paris wall-clock date and time of an instant. */
const parisWallClock = (instant: string) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(instant));

describe('creation date and instant', () => {
  it('creates the 2026-01-30 occurrence on 2026-01-20 at 00:00 Paris, 23:00Z the day before in winter', () => {
    expect(creationDate('2026-01-30', 10)).toBe('2026-01-20');
    expect(creationInstant('2026-01-30', 10)).toBe('2026-01-19T23:00:00.000Z');
  });

  it('creates at 22:00Z the day before in summer', () => {
    expect(creationInstant('2026-07-30', 10)).toBe('2026-07-19T22:00:00.000Z');
  });

  it('minds the spring-forward day: 2026-03-29 starts at 23:00Z, 2026-03-30 at 22:00Z', () => {
    expect(startOfBusinessDay('2026-03-29')).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfBusinessDay('2026-03-30')).toBe('2026-03-29T22:00:00.000Z');
  });

  it('minds the fall-back day: 2026-10-25 starts at 22:00Z, 2026-10-26 at 23:00Z', () => {
    expect(startOfBusinessDay('2026-10-25')).toBe('2026-10-24T22:00:00.000Z');
    expect(startOfBusinessDay('2026-10-26')).toBe('2026-10-25T23:00:00.000Z');
  });

  it('does not depend on the host time zone', () => {
    const previous = process.env.TZ;
    try {
      for (const zone of ['America/New_York', 'Asia/Tokyo', 'Europe/Paris']) {
        process.env.TZ = zone;
        expect(creationInstant('2026-03-31', 2)).toBe('2026-03-28T23:00:00.000Z');
        expect(creationInstant('2026-10-30', 4)).toBe('2026-10-25T23:00:00.000Z');
      }
    } finally {
      process.env.TZ = previous;
    }
  });

  it('refuses a negative or fractional lead time', () => {
    expect(() => creationDate('2026-01-30', -1)).toThrow(RangeError);
    expect(() => creationDate('2026-01-30', 0.5)).toThrow(RangeError);
  });

  it('is 00:00 in Paris on deadline − lead time, for any date and lead time', () => {
    fc.assert(
      fc.property(dateBetween('2000-01-01', '2100-12-31'), fc.integer({ min: 0, max: 400 }), (deadline, lead) => {
        expect(creationDate(deadline, lead)).toBe(minusDays(deadline, lead));
        expect(parisWallClock(creationInstant(deadline, lead))).toBe(`${minusDays(deadline, lead)} 00:00:00`);
      }),
    );
  });
});

describe('planning the monthly day-30 line with a 10-day lead time over 2026', () => {
  it('plans all 12 occurrences when signed on 2026-01-05, each created 10 days before its deadline', () => {
    const occurrences = planOccurrences({ ...base, signedOn: '2026-01-05' });
    expect(occurrences).toHaveLength(12);
    expect(occurrences.map((o) => [o.deadline, o.createOn])).toEqual([
      ['2026-01-30', '2026-01-20'],
      ['2026-02-27', '2026-02-17'],
      ['2026-03-30', '2026-03-20'],
      ['2026-04-30', '2026-04-20'],
      ['2026-05-29', '2026-05-19'],
      ['2026-06-30', '2026-06-20'],
      ['2026-07-30', '2026-07-20'],
      ['2026-08-28', '2026-08-18'],
      ['2026-09-30', '2026-09-20'],
      ['2026-10-30', '2026-10-20'],
      ['2026-11-30', '2026-11-20'],
      ['2026-12-30', '2026-12-20'],
    ]);
    for (const occurrence of occurrences) {
      expect(occurrence.createAt).toBe(startOfBusinessDay(occurrence.createOn));
      expect(occurrence.overdueAtSignature).toBe(false);
      expect(occurrence.createAtSignature).toBe(false);
    }
  });

  it('skips the deadlines before a 2026-04-10 signature by default', () => {
    const occurrences = planOccurrences({ ...base, signedOn: '2026-04-10' });
    expect(occurrences).toHaveLength(9);
    expect(occurrences[0]).toEqual({
      deadline: '2026-04-30',
      createOn: '2026-04-20',
      createAt: '2026-04-19T22:00:00.000Z',
      overdueAtSignature: false,
      createAtSignature: false,
    });
  });

  it('creates the deadlines before a 2026-04-10 signature at once with createPast', () => {
    const occurrences = planOccurrences({ ...base, signedOn: '2026-04-10', createPast: true });
    expect(occurrences).toHaveLength(12);
    const signatureDay = '2026-04-09T22:00:00.000Z'; // 00:00 Paris (summer time) on 2026-04-10
    expect(occurrences.slice(0, 3)).toEqual([
      { deadline: '2026-01-30', createOn: '2026-01-20', createAt: signatureDay, overdueAtSignature: true, createAtSignature: true },
      { deadline: '2026-02-27', createOn: '2026-02-17', createAt: signatureDay, overdueAtSignature: true, createAtSignature: true },
      { deadline: '2026-03-30', createOn: '2026-03-20', createAt: signatureDay, overdueAtSignature: true, createAtSignature: true },
    ]);
    expect(occurrences[3]?.createAt).toBe('2026-04-19T22:00:00.000Z');
  });

  it('creates at once a deadline after the signature whose creation date has passed', () => {
    const [first] = planOccurrences({ ...base, signedOn: '2026-04-25' });
    expect(first).toEqual({
      deadline: '2026-04-30',
      createOn: '2026-04-20',
      createAt: '2026-04-24T22:00:00.000Z',
      overdueAtSignature: false,
      createAtSignature: true,
    });
  });

  it('plans a deadline falling on the signature day', () => {
    expect(planOccurrences({ ...base, signedOn: '2026-04-30' })[0]?.deadline).toBe('2026-04-30');
  });

  it('re-plans an amendment from 2026-07-01 only: the 6 deadlines from July', () => {
    const occurrences = planOccurrences({ ...base, signedOn: '2026-01-05', from: '2026-07-01' });
    expect(occurrences.map((o) => o.deadline)).toEqual([
      '2026-07-30',
      '2026-08-28',
      '2026-09-30',
      '2026-10-30',
      '2026-11-30',
      '2026-12-30',
    ]);
  });

  it('forecasts up to an inclusive end: until 2026-06-30 includes the 2026-06-30 deadline', () => {
    const forecast = forecastOccurrences({ ...base, signedOn: '2026-01-05', until: '2026-06-30' });
    expect(forecast).toHaveLength(6);
    expect(forecast.at(-1)?.deadline).toBe('2026-06-30');
  });

  it('plans 4 occurrences of a quarterly line', () => {
    const occurrences = planOccurrences({ ...base, schedule: { ...monthly30, frequency: 'quarterly' }, signedOn: '2026-01-05' });
    expect(occurrences.map((o) => [o.deadline, o.createOn])).toEqual([
      ['2026-01-30', '2026-01-20'],
      ['2026-04-30', '2026-04-20'],
      ['2026-07-30', '2026-07-20'],
      ['2026-10-30', '2026-10-20'],
    ]);
  });
});

const plans: fc.Arbitrary<PlanOccurrencesInput> = fc
  .tuple(
    schedules,
    missionBounds,
    dateBetween('2019-06-01', '2031-12-31'),
    fc.boolean(),
    fc.option(dateBetween('2019-06-01', '2031-12-31'), { nil: undefined }),
    fc.option(dateBetween('2019-06-01', '2035-12-31'), { nil: undefined }),
  )
  .map(([schedule, bounds, signedOn, createPast, from, until]) => ({ schedule, bounds, signedOn, createPast, from, until }));

/** The occurrences walked one at a time with nextOccurrence, as a workflow does. */
function walk(input: PlanOccurrencesInput): PlannedOccurrence[] {
  const occurrences: PlannedOccurrence[] = [];
  for (let next = nextOccurrence(input, null); next !== null; next = nextOccurrence(input, next.deadline)) {
    occurrences.push(next);
  }
  return occurrences;
}

describe('occurrence properties', () => {
  it('plans exactly the deadlines within [from, until], skipping those before the signature unless createPast', () => {
    fc.assert(
      fc.property(plans, (input) => {
        const expected = computeDeadlines(input.schedule, input.bounds).filter(
          (deadline) =>
            (input.createPast || deadline >= input.signedOn) &&
            (input.from === undefined || deadline >= input.from) &&
            (input.until === undefined || deadline <= input.until),
        );
        expect(planOccurrences(input).map((o) => o.deadline)).toEqual(expected);
      }),
    );
  });

  it('creates each occurrence at deadline − lead time, never before the signature day', () => {
    fc.assert(
      fc.property(plans, (input) => {
        const signatureDay = startOfBusinessDay(input.signedOn);
        for (const occurrence of planOccurrences(input)) {
          expect(occurrence.createOn).toBe(minusDays(occurrence.deadline, input.schedule.leadTimeDays));
          const creation = startOfBusinessDay(occurrence.createOn);
          expect(occurrence.createAt).toBe(creation > signatureDay ? creation : signatureDay);
          expect(occurrence.createAtSignature).toBe(occurrence.createOn < input.signedOn);
          expect(occurrence.overdueAtSignature).toBe(occurrence.deadline < input.signedOn);
        }
      }),
    );
  });

  it('planOccurrences is exactly the iteration of nextOccurrence', () => {
    fc.assert(fc.property(plans, (input) => void expect(planOccurrences(input)).toEqual(walk(input))));
  });

  it('the forecast is the plan cut at its inclusive end', () => {
    fc.assert(
      fc.property(plans, dateBetween('2019-06-01', '2035-12-31'), (input, until) => {
        const { until: _ignored, ...withoutUntil } = input;
        expect(forecastOccurrences({ ...withoutUntil, until })).toEqual(
          planOccurrences(withoutUntil).filter((o) => o.deadline <= until),
        );
      }),
    );
  });
});
