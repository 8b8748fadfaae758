import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  dateInMonth,
  daysBetween,
  endOfIsoWeek,
  endOfMonth,
  fromDayNumber,
  isIsoDate,
  isoWeekday,
  monthIndexOf,
  parseIsoDate,
  startOfIsoWeek,
  startOfMonth,
  toDayNumber,
} from '../../../domain/calendar/iso-date.ts';

const msPerDay = 86_400_000;
/** Oracle: the same date through the JavaScript Date in UTC. */
const viaDate = (dayNumber: number) => new Date(dayNumber * msPerDay).toISOString().slice(0, 10);
const dayNumbers = fc.integer({ min: toDayNumber('1900-01-01'), max: toDayNumber('2199-12-31') });

describe('ISO calendar dates', () => {
  it('numbers days like Date.UTC does, both ways', () => {
    fc.assert(
      fc.property(dayNumbers, (n) => {
        expect(fromDayNumber(n)).toBe(viaDate(n));
        expect(toDayNumber(viaDate(n))).toBe(n);
      }),
    );
  });

  it('gives the ISO weekday the Date gives (Monday 1 … Sunday 7)', () => {
    fc.assert(
      fc.property(dayNumbers, (n) => {
        expect(isoWeekday(fromDayNumber(n))).toBe(new Date(n * msPerDay).getUTCDay() || 7);
      }),
    );
    expect(isoWeekday('2026-01-01')).toBe(4);
    expect(isoWeekday('2026-12-25')).toBe(5);
  });

  it('adds days across months, years and 29 February', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-01-20', '2026-01-30')).toBe(10);
  });

  it('refuses dates that do not exist', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2100-02-29')).toBe(false);
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('2026-1-05')).toBe(false);
    expect(() => parseIsoDate('2026-13-01')).toThrow(RangeError);
  });

  it('clamps a day of month to the month length', () => {
    const february2026 = monthIndexOf('2026-02-10');
    expect(dateInMonth(february2026, 30)).toBe('2026-02-28');
    expect(dateInMonth(february2026 + 24, 30)).toBe('2028-02-29');
    expect(dateInMonth(february2026 + 2, 31)).toBe('2026-04-30');
    expect(dateInMonth(february2026 + 11, 31)).toBe('2027-01-31');
  });

  it('finds the bounds of months and ISO weeks', () => {
    expect(startOfMonth('2026-02-17')).toBe('2026-02-01');
    expect(endOfMonth('2026-02-17')).toBe('2026-02-28');
    expect(startOfIsoWeek('2026-01-01')).toBe('2025-12-29');
    expect(endOfIsoWeek('2026-01-01')).toBe('2026-01-04');
    expect(endOfIsoWeek('2026-01-04')).toBe('2026-01-04');
  });
});
