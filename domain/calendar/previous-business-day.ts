/**
 * Business days (jours ouvrés) in metropolitan France: Monday to Friday, public holidays excepted,
 * and the roll-back of a deadline that falls on a weekend or a holiday. Pure calendar-date logic,
 * safe in Temporal's workflow sandbox.
 */
import { isFrenchPublicHoliday } from './french-public-holidays.ts';
import { addDays, isoWeekday, type IsoDate } from './iso-date.ts';

/** True on Monday–Friday unless the day is a French public holiday. */
export function isBusinessDay(date: IsoDate): boolean {
  return isoWeekday(date) <= 5 && !isFrenchPublicHoliday(date);
}

/**
 * `date` itself when it is a business day, otherwise the closest business day before it:
 * Saturday 2026-02-28 → Friday 02-27, Friday 2026-05-01 (Labour Day) → Thursday 04-30,
 * Friday 2026-12-25 → Thursday 12-24.
 */
export function previousBusinessDay(date: IsoDate): IsoDate {
  let day = date;
  while (!isBusinessDay(day)) day = addDays(day, -1);
  return day;
}

/** `date` itself when it is a business day, otherwise the closest business day after it. */
export function nextBusinessDay(date: IsoDate): IsoDate {
  let day = date;
  while (!isBusinessDay(day)) day = addDays(day, 1);
  return day;
}

/**
 * A date moved to a business day without leaving the period `[start, end]` ("modified
 * preceding"): `date` itself when it is a business day within the period, else the closest earlier
 * business day if it is on or after `start`, else the closest later business day if it is within
 * the period; null when neither is. A monthly deadline of Thursday 2026-01-01 (a holiday) thus
 * becomes Friday 01-02 rather than 2025-12-31, and stays the January deadline.
 */
export function previousBusinessDayWithin(date: IsoDate, start: IsoDate, end: IsoDate): IsoDate | null {
  const previous = previousBusinessDay(date);
  if (previous >= start && previous <= end) return previous;
  if (previous >= start) return null; // the date itself is after the period
  const next = nextBusinessDay(date);
  return next >= start && next <= end ? next : null;
}
