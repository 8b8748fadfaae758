import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromDayNumber, toDayNumber } from '../../../domain/calendar/iso-date.ts';
import {
  isBusinessDay,
  nextBusinessDay,
  previousBusinessDay,
  previousBusinessDayWithin,
} from '../../../domain/calendar/previous-business-day.ts';

const dates = fc.integer({ min: toDayNumber('2000-01-01'), max: toDayNumber('2100-12-31') }).map(fromDayNumber);

describe('previous business day', () => {
  it.each([
    ['2026-05-01', '2026-04-30', 'Labour Day, a Friday'],
    ['2026-12-25', '2026-12-24', 'Christmas, a Friday'],
    ['2026-02-28', '2026-02-27', 'a Saturday'],
    ['2026-08-30', '2026-08-28', 'a Sunday'],
    ['2026-04-06', '2026-04-03', 'Easter Monday (Good Friday is worked)'],
    ['2026-05-25', '2026-05-22', 'Whit Monday'],
    ['2026-07-14', '2026-07-13', 'Bastille Day, a Tuesday'],
    ['2026-05-10', '2026-05-07', 'a Sunday after the 8 May holiday'],
  ])('moves %s to %s (%s)', (date, expected) => {
    expect(previousBusinessDay(date)).toBe(expected);
  });

  it('keeps a business day', () => {
    expect(previousBusinessDay('2026-01-30')).toBe('2026-01-30');
  });

  it('returns the latest business day on or before the date', () => {
    fc.assert(
      fc.property(dates, (date) => {
        const result = previousBusinessDay(date);
        expect(isBusinessDay(result)).toBe(true);
        expect(result <= date).toBe(true);
        for (let day = addDays(result, 1); day <= date; day = addDays(day, 1)) expect(isBusinessDay(day)).toBe(false);
      }),
    );
  });

  it('returns the earliest business day on or after the date going forward', () => {
    fc.assert(
      fc.property(dates, (date) => {
        const result = nextBusinessDay(date);
        expect(isBusinessDay(result)).toBe(true);
        for (let day = date; day < result; day = addDays(day, 1)) expect(isBusinessDay(day)).toBe(false);
      }),
    );
  });
});

describe('previous business day within a period', () => {
  it('moves the 2026-01-01 deadline to 2026-01-02 rather than out of January', () => {
    expect(previousBusinessDayWithin('2026-01-01', '2026-01-01', '2026-01-31')).toBe('2026-01-02');
  });

  it('moves the 2026-11-01 deadline (a Sunday) to Monday 2026-11-02 rather than October', () => {
    expect(previousBusinessDayWithin('2026-11-01', '2026-11-01', '2026-11-30')).toBe('2026-11-02');
  });

  it('moves the 2026-05-01 deadline to 2026-04-30 when the period is the quarter', () => {
    expect(previousBusinessDayWithin('2026-05-01', '2026-04-01', '2026-06-30')).toBe('2026-04-30');
  });

  it('finds nothing when the period has no business day around the date', () => {
    expect(previousBusinessDayWithin('2026-05-30', '2026-05-30', '2026-05-31')).toBeNull();
  });

  it('returns a business day within the period, the previous one whenever it is in the period', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }), (date, back, ahead) => {
        const start = addDays(date, -back);
        const end = addDays(date, ahead);
        const result = previousBusinessDayWithin(date, start, end);
        const previous = previousBusinessDay(date);
        if (previous >= start) expect(result).toBe(previous);
        else if (nextBusinessDay(date) <= end) expect(result).toBe(nextBusinessDay(date));
        else expect(result).toBeNull();
      }),
    );
  });
});
