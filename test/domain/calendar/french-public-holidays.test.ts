import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  easterSunday,
  frenchPublicHolidays,
  isFrenchPublicHoliday,
} from '../../../domain/calendar/french-public-holidays.ts';
import { isoWeekday } from '../../../domain/calendar/iso-date.ts';

describe('French public holidays', () => {
  it.each([
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('puts Easter %i on %s', (year, easter) => {
    expect(easterSunday(year)).toBe(easter);
  });

  it('puts Easter on a Sunday between 22 March and 25 April', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 4099 }), (year) => {
        const easter = easterSunday(year);
        expect(isoWeekday(easter)).toBe(7);
        expect(easter.slice(5) >= '03-22' && easter.slice(5) <= '04-25').toBe(true);
      }),
    );
  });

  it('lists the 11 holidays of 2026, movable ones from Easter on 5 April', () => {
    expect(frenchPublicHolidays(2026)).toEqual([
      '2026-01-01',
      '2026-04-06', // Easter Monday
      '2026-05-01',
      '2026-05-08',
      '2026-05-14', // Ascension
      '2026-05-25', // Whit Monday
      '2026-07-14',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ]);
  });

  it.each([
    [2024, ['2024-04-01', '2024-05-09', '2024-05-20']],
    [2025, ['2025-04-21', '2025-05-29', '2025-06-09']],
    [2027, ['2027-03-29', '2027-05-06', '2027-05-17']],
  ])('puts Easter Monday, Ascension and Whit Monday %i on %j', (year, movable) => {
    const holidays = frenchPublicHolidays(year);
    expect(holidays).toHaveLength(11);
    expect(holidays).toEqual(expect.arrayContaining(movable));
  });

  it('does not count Good Friday nor 26 December (Alsace-Moselle only)', () => {
    expect(isFrenchPublicHoliday('2026-04-03')).toBe(false);
    expect(isFrenchPublicHoliday('2026-12-26')).toBe(false);
    expect(isFrenchPublicHoliday('2026-12-25')).toBe(true);
    expect(isFrenchPublicHoliday('2026-05-01')).toBe(true);
  });

  it('returns a fresh list each time', () => {
    frenchPublicHolidays(2026).pop();
    expect(frenchPublicHolidays(2026)).toHaveLength(11);
  });
});
