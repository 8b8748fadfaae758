import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineScheduleSchema, MissionBoundsSchema } from '../../../domain/missions/schedule.ts';
import { schedules } from './schedule-arbitraries.ts';

const monthly30 = { frequency: 'monthly', deadlineRule: { kind: 'day-of-month', day: 30 }, leadTimeDays: 10 };

/** The issues of a failed parse as `path: message`. */
function issuesOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('line schedule schema', () => {
  it('accepts the monthly day-30 line with a 10-day lead time', () => {
    expect(LineScheduleSchema.parse(monthly30)).toEqual(monthly30);
  });

  it('accepts every generated schedule', () => {
    fc.assert(fc.property(schedules, (schedule) => void LineScheduleSchema.parse(schedule)));
  });

  it.each(['day-of-month', 'last-day-of-month'] as const)('refuses a weekly line with the %s rule, on the rule field', (kind) => {
    const result = LineScheduleSchema.safeParse({
      frequency: 'weekly',
      deadlineRule: kind === 'day-of-month' ? { kind, day: 5 } : { kind },
      leadTimeDays: 2,
    });
    expect(result.success).toBe(false);
    expect(issuesOf(result)).toEqual([expect.stringMatching(/^deadlineRule: A weekly line's deadline is the end of each week/)]);
  });

  it('accepts a weekly line ending each week', () => {
    expect(
      LineScheduleSchema.safeParse({ frequency: 'weekly', deadlineRule: { kind: 'end-of-period' }, leadTimeDays: 2 }).success,
    ).toBe(true);
  });

  it('requires a quantity of at least 1 on a one-off line', () => {
    const line = { frequency: 'one-off', deadlineRule: { kind: 'end-of-period' }, leadTimeDays: 0 };
    expect(issuesOf(LineScheduleSchema.safeParse(line))).toEqual(['quantity: A one-off line needs a quantity (1 or more)']);
    expect(issuesOf(LineScheduleSchema.safeParse({ ...line, quantity: 0 }))).toEqual(['quantity: The quantity is at least 1']);
    expect(LineScheduleSchema.safeParse({ ...line, quantity: 3 }).success).toBe(true);
  });

  it('refuses a quantity on a recurring line', () => {
    expect(issuesOf(LineScheduleSchema.safeParse({ ...monthly30, quantity: 2 }))).toEqual([
      'quantity: A quantity only applies to one-off lines; a recurring line has one occurrence per period',
    ]);
  });

  it('refuses a day of month outside 1–31, a negative or fractional lead time and a date that does not exist', () => {
    expect(issuesOf(LineScheduleSchema.safeParse({ ...monthly30, deadlineRule: { kind: 'day-of-month', day: 32 } }))).toEqual([
      'deadlineRule.day: The deadline day is between 1 and 31',
    ]);
    expect(issuesOf(LineScheduleSchema.safeParse({ ...monthly30, leadTimeDays: -1 }))).toEqual([
      'leadTimeDays: The lead time is 0 days or more',
    ]);
    expect(LineScheduleSchema.safeParse({ ...monthly30, leadTimeDays: 1.5 }).success).toBe(false);
    expect(issuesOf(LineScheduleSchema.safeParse({ ...monthly30, firstDeadline: '2026-02-30' }))).toEqual([
      'firstDeadline: Expected a calendar date written YYYY-MM-DD',
    ]);
    expect(LineScheduleSchema.safeParse({ ...monthly30, firstDeadline: '0026-01-30' }).success).toBe(false);
  });
});

describe('mission bounds schema', () => {
  it('accepts a one-day mission', () => {
    expect(MissionBoundsSchema.safeParse({ startDate: '2026-01-01', endDate: '2026-01-01' }).success).toBe(true);
  });

  it('refuses a mission ending before it starts, on the end date', () => {
    expect(issuesOf(MissionBoundsSchema.safeParse({ startDate: '2026-01-02', endDate: '2026-01-01' }))).toEqual([
      'endDate: The mission ends on or after its start date',
    ]);
  });
});
