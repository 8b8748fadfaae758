import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysInMonth, parseIsoDate, startOfIsoWeek, type IsoDate } from '../../../domain/calendar/iso-date.ts';
import { isBusinessDay } from '../../../domain/calendar/previous-business-day.ts';
import {
  computeDeadlines,
  defaultFirstDeadline,
  nextDeadline,
  type DeadlineSchedule,
} from '../../../domain/missions/compute-deadlines.ts';
import type { DeadlineRule, Frequency, MissionBounds } from '../../../domain/missions/schedule.ts';
import { dateBetween, deadlineRules, missionBounds, schedules, schedulesOf } from './schedule-arbitraries.ts';

const year2026: MissionBounds = { startDate: '2026-01-01', endDate: '2026-12-31' };
const dayOfMonth = (day: number): DeadlineRule => ({ kind: 'day-of-month', day });
const endOfPeriod: DeadlineRule = { kind: 'end-of-period' };

/** The calendar period a date belongs to for a frequency (written independently of the code under test). */
function periodOf(frequency: Frequency, date: IsoDate): string {
  const { year, month } = parseIsoDate(date);
  switch (frequency) {
    case 'weekly':
      return startOfIsoWeek(date);
    case 'monthly':
      return `${year}-${month}`;
    case 'quarterly':
      return `${year}-Q${Math.ceil(month / 3)}`;
    case 'half-yearly':
      return `${year}-H${month <= 6 ? 1 : 2}`;
    case 'yearly':
      return `${year}`;
    case 'one-off':
      return 'the mission';
  }
}

/** The deadlines, walked one at a time with nextDeadline as the workflow does. */
function walk(schedule: DeadlineSchedule, bounds: MissionBounds): IsoDate[] {
  const deadlines: IsoDate[] = [];
  let after: IsoDate | null = null;
  for (let i = 0; i < 10_000; i++) {
    const next = nextDeadline(schedule, bounds, after);
    if (next === null) return deadlines;
    deadlines.push(next);
    after = next;
  }
  throw new Error('nextDeadline does not end');
}

describe('monthly deadlines on the 30th, mission 2026-01-01 → 2026-12-31', () => {
  const deadlines = computeDeadlines({ frequency: 'monthly', deadlineRule: dayOfMonth(30) }, year2026);

  it('gives exactly 12 deadlines, weekends moved to the previous Friday', () => {
    expect(deadlines).toEqual([
      '2026-01-30',
      '2026-02-27', // 28 (30 clamped) is a Saturday
      '2026-03-30',
      '2026-04-30',
      '2026-05-29', // 30 is a Saturday
      '2026-06-30',
      '2026-07-30',
      '2026-08-28', // 30 is a Sunday
      '2026-09-30',
      '2026-10-30',
      '2026-11-30',
      '2026-12-30',
    ]);
  });

  it('steps from nominal dates: the February clamp and the weekend moves never drift the series', () => {
    expect(deadlines.slice(2, 4)).toEqual(['2026-03-30', '2026-04-30']);
  });
});

describe('quarterly deadlines in 2026', () => {
  it('gives 4 deadlines on the 30th from 2026-01-30', () => {
    expect(computeDeadlines({ frequency: 'quarterly', deadlineRule: dayOfMonth(30) }, year2026)).toEqual([
      '2026-01-30',
      '2026-04-30',
      '2026-07-30',
      '2026-10-30',
    ]);
  });

  it('gives 4 deadlines at the end of each quarter', () => {
    expect(computeDeadlines({ frequency: 'quarterly', deadlineRule: endOfPeriod }, year2026)).toEqual([
      '2026-03-31',
      '2026-06-30',
      '2026-09-30',
      '2026-12-31',
    ]);
  });

  it('moves the 2026-05-01 deadline to 2026-04-30, still in the second quarter', () => {
    expect(
      computeDeadlines({ frequency: 'quarterly', deadlineRule: dayOfMonth(1), firstDeadline: '2026-02-01' }, year2026),
    ).toEqual(['2026-01-30', '2026-04-30', '2026-07-31', '2026-10-30']); // 02-01, 08-01 and 11-01 are weekend days
  });
});

describe('business-day adjustments', () => {
  it('moves the one-off 2026-05-01 deadline to 2026-04-30', () => {
    expect(
      computeDeadlines({ frequency: 'one-off', deadlineRule: dayOfMonth(1), firstDeadline: '2026-05-01' }, year2026),
    ).toEqual(['2026-04-30']);
  });

  it('moves the 2026-12-25 deadline (a Friday) to 2026-12-24', () => {
    const deadlines = computeDeadlines({ frequency: 'monthly', deadlineRule: dayOfMonth(25) }, year2026);
    expect(deadlines.at(-1)).toBe('2026-12-24');
  });

  it('keeps monthly deadlines on the 1st in their month: 2026-01-01 → 01-02, 2026-05-01 → 05-04, 2026-11-01 → 11-02', () => {
    const deadlines = computeDeadlines({ frequency: 'monthly', deadlineRule: dayOfMonth(1) }, year2026);
    expect(deadlines).toHaveLength(12);
    expect(deadlines).toEqual(expect.arrayContaining(['2026-01-02', '2026-05-04', '2026-11-02']));
  });

  it('moves weekly Sunday deadlines to the last business day of the week', () => {
    const deadlines = computeDeadlines({ frequency: 'weekly', deadlineRule: endOfPeriod }, year2026);
    expect(deadlines).toHaveLength(53);
    expect(deadlines.slice(0, 2)).toEqual(['2026-01-02', '2026-01-09']); // Sunday 01-04, Sunday 01-11
    // Sunday 2027-01-03 is after the mission, but its week's last business day (Friday 01-01 is a
    // holiday) is Thursday 2026-12-31, within the mission.
    expect(deadlines.at(-1)).toBe('2026-12-31');
    expect(deadlines).toEqual(expect.arrayContaining(['2026-04-03', '2026-04-30', '2026-05-07', '2026-12-24']));
  });

  it('moves a deadline on the mission start day forward when the day before is outside the mission', () => {
    expect(
      computeDeadlines({ frequency: 'quarterly', deadlineRule: dayOfMonth(1) }, { startDate: '2026-02-01', endDate: '2026-12-31' }),
    ).toEqual(['2026-02-02', '2026-04-30', '2026-07-31', '2026-10-30']);
  });

  it('leaves out the period of a mission starting on its weekend deadline when no business day is left in it', () => {
    expect(
      computeDeadlines({ frequency: 'monthly', deadlineRule: dayOfMonth(30) }, { startDate: '2026-05-30', endDate: '2026-07-31' }),
    ).toEqual(['2026-06-30', '2026-07-30']);
  });
});

describe('first deadline', () => {
  it('defaults from the start date within its period', () => {
    expect(defaultFirstDeadline({ frequency: 'monthly', deadlineRule: dayOfMonth(30) }, year2026)).toBe('2026-01-30');
    expect(defaultFirstDeadline({ frequency: 'quarterly', deadlineRule: endOfPeriod }, year2026)).toBe('2026-03-31');
    expect(defaultFirstDeadline({ frequency: 'quarterly', deadlineRule: dayOfMonth(30) }, year2026)).toBe('2026-01-30');
    expect(defaultFirstDeadline({ frequency: 'half-yearly', deadlineRule: endOfPeriod }, year2026)).toBe('2026-06-30');
    expect(defaultFirstDeadline({ frequency: 'yearly', deadlineRule: { kind: 'last-day-of-month' } }, year2026)).toBe('2026-01-31');
    expect(defaultFirstDeadline({ frequency: 'weekly', deadlineRule: endOfPeriod }, year2026)).toBe('2026-01-04');
  });

  it('takes the next month when the rule’s date is already past in the start month', () => {
    const bounds = { startDate: '2026-01-31', endDate: '2026-12-31' };
    expect(defaultFirstDeadline({ frequency: 'monthly', deadlineRule: dayOfMonth(30) }, bounds)).toBe('2026-02-28');
    expect(computeDeadlines({ frequency: 'quarterly', deadlineRule: dayOfMonth(30) }, bounds)).toEqual([
      '2026-02-27',
      '2026-05-29',
      '2026-08-28',
      '2026-11-30',
    ]);
  });

  it('starts the series at a later first deadline, skipping the months before it', () => {
    const deadlines = computeDeadlines(
      { frequency: 'monthly', deadlineRule: dayOfMonth(30), firstDeadline: '2026-04-30' },
      year2026,
    );
    expect(deadlines).toHaveLength(9);
    expect(deadlines[0]).toBe('2026-04-30');
  });

  it('anchors on the same month when given the deadline already moved to a business day', () => {
    const schedule = { frequency: 'quarterly', deadlineRule: dayOfMonth(30) } as const;
    expect(computeDeadlines({ ...schedule, firstDeadline: '2026-02-27' }, year2026)).toEqual(
      computeDeadlines({ ...schedule, firstDeadline: '2026-02-28' }, year2026),
    );
  });

  it('excludes deadlines of an earlier first deadline that fall before the mission start', () => {
    expect(
      computeDeadlines({ frequency: 'monthly', deadlineRule: dayOfMonth(30), firstDeadline: '2025-10-30' }, year2026),
    ).toHaveLength(12);
  });

  it('gives a one-off line a single deadline, at the end of the mission for end-of-period', () => {
    expect(computeDeadlines({ frequency: 'one-off', deadlineRule: endOfPeriod }, year2026)).toEqual(['2026-12-31']);
    expect(computeDeadlines({ frequency: 'one-off', deadlineRule: dayOfMonth(15) }, year2026)).toEqual(['2026-01-15']);
  });

  it('refuses a weekly line with a day-of-month rule', () => {
    expect(() => computeDeadlines({ frequency: 'weekly', deadlineRule: dayOfMonth(5) }, year2026)).toThrow(RangeError);
  });
});

describe('deadline properties', () => {
  it('computeDeadlines is exactly the iteration of nextDeadline', () => {
    fc.assert(
      fc.property(schedules, missionBounds, (schedule, bounds) => {
        expect(computeDeadlines(schedule, bounds)).toEqual(walk(schedule, bounds));
      }),
    );
  });

  it('nextDeadline after any date is the first deadline after it', () => {
    fc.assert(
      fc.property(schedules, missionBounds, dateBetween('2019-01-01', '2035-12-31'), (schedule, bounds, after) => {
        const expected = computeDeadlines(schedule, bounds).find((deadline) => deadline > after) ?? null;
        expect(nextDeadline(schedule, bounds, after)).toBe(expected);
      }),
    );
  });

  it('deadlines are within the bounds, strictly increasing, business days, at most one per period', () => {
    fc.assert(
      fc.property(schedules, missionBounds, (schedule, bounds) => {
        const deadlines = computeDeadlines(schedule, bounds);
        deadlines.forEach((deadline, i) => {
          expect(deadline >= bounds.startDate && deadline <= bounds.endDate).toBe(true);
          expect(isBusinessDay(deadline)).toBe(true);
          if (i > 0) expect(deadline > deadlines[i - 1]!).toBe(true);
        });
        const periods = deadlines.map((deadline) => periodOf(schedule.frequency, deadline));
        expect(new Set(periods).size).toBe(periods.length);
      }),
    );
  });

  it('gives exactly one deadline per period of a mission made of whole periods', () => {
    const wholePeriods = fc
      .tuple(fc.integer({ min: 2020, max: 2030 }), fc.integer({ min: 1, max: 5 }), deadlineRules)
      .map(([year, years, rule]) => ({ bounds: { startDate: `${year}-01-01`, endDate: `${year + years - 1}-12-31` }, years, rule }));
    fc.assert(
      fc.property(wholePeriods, ({ bounds, years, rule }) => {
        const perYear = { monthly: 12, quarterly: 4, 'half-yearly': 2, yearly: 1 } as const;
        for (const [frequency, count] of Object.entries(perYear)) {
          const deadlines = computeDeadlines({ frequency: frequency as Frequency, deadlineRule: rule }, bounds);
          expect(deadlines).toHaveLength(count * years);
        }
      }),
    );
  });

  it('moves a monthly deadline only to the previous business day, or the next one when its month has none before it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2020, max: 2030 }), fc.integer({ min: 1, max: 31 }), (year, day) => {
        const deadlines = computeDeadlines(
          { frequency: 'monthly', deadlineRule: dayOfMonth(day) },
          { startDate: `${year}-01-01`, endDate: `${year}-12-31` },
        );
        expect(deadlines).toHaveLength(12);
        deadlines.forEach((deadline, i) => {
          const month = String(i + 1).padStart(2, '0');
          const nominal = `${year}-${month}-${String(Math.min(day, daysInMonth(year, i + 1))).padStart(2, '0')}`;
          const [from, to] = deadline <= nominal ? [addDays(deadline, 1), nominal] : [`${year}-${month}-01`, addDays(deadline, -1)];
          for (let date = from; date <= to; date = addDays(date, 1)) expect(isBusinessDay(date)).toBe(false);
        });
      }),
    );
  });

  it('starts at the default first deadline whether or not it is given', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Frequency>('weekly', 'monthly', 'quarterly', 'half-yearly', 'yearly', 'one-off').chain(schedulesOf),
        missionBounds,
        (schedule, bounds) => {
          const withoutFirst = { ...schedule, firstDeadline: undefined };
          expect(computeDeadlines({ ...schedule, firstDeadline: defaultFirstDeadline(schedule, bounds) }, bounds)).toEqual(
            computeDeadlines(withoutFirst, bounds),
          );
        },
      ),
    );
  });
});
