/**
 * Calendar dates as ISO strings (`YYYY-MM-DD`) and the pure arithmetic on them.
 *
 * Business dates (deadlines, creation dates, mission bounds) are calendar days in Europe/Paris,
 * not instants, so they are kept as strings and computed with integer day numbers (days since
 * 1970-01-01, proleptic Gregorian calendar, Howard Hinnant's civil-date algorithms). Nothing here
 * touches `Date`, the host time zone or the clock: this module runs unchanged in the API and in
 * Temporal's deterministic workflow sandbox (where workers run with TZ=UTC).
 */

/**
 * A calendar date `YYYY-MM-DD` (years 0001–9999). A plain alias of `string` so values read from
 * the database, JSON or zod flow in without casts; validate untrusted input with
 * {@link isIsoDate} or `IsoDateSchema` (domain/missions/schedule.ts).
 */
export type IsoDate = string;

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Year, month (1–12) and day (1–31) of a calendar date. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** Days in `month` (1–12) of `year`, leap years included. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Gregorian leap year: divisible by 4, except centuries not divisible by 400. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** True when `value` is a real calendar date written `YYYY-MM-DD` (2026-02-30 is not). */
export function isIsoDate(value: string): value is IsoDate {
  const match = isoDatePattern.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Splits an ISO date into year, month, day; throws a RangeError on anything else. */
export function parseIsoDate(date: IsoDate): CivilDate {
  if (!isIsoDate(date)) throw new RangeError(`Not an ISO calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

/** Writes year, month, day as `YYYY-MM-DD`; throws a RangeError if they are not a real date. */
export function formatIsoDate({ year, month, day }: CivilDate): IsoDate {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (!isIsoDate(text)) throw new RangeError(`Not a calendar date: ${year}-${month}-${day}`);
  return text;
}

/** Days since 1970-01-01 (negative before). */
export function toDayNumber(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const shiftedMonth = (month + 9) % 12; // March = 0 … February = 11
  const dayOfYear = Math.floor((153 * shiftedMonth + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The calendar date `dayNumber` days after 1970-01-01. */
export function fromDayNumber(dayNumber: number): IsoDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return formatIsoDate({ year, month, day });
}

/** `date` moved by `days` calendar days (negative to go back). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  const n = toDayNumber(date);
  return ((((n + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday
}

/** The Monday of the ISO week (Monday–Sunday) holding `date`. */
export function startOfIsoWeek(date: IsoDate): IsoDate {
  return addDays(date, 1 - isoWeekday(date));
}

/** The Sunday ending the ISO week holding `date`. */
export function endOfIsoWeek(date: IsoDate): IsoDate {
  return addDays(date, 7 - isoWeekday(date));
}

/**
 * A month as one integer, `year * 12 + (month - 1)`, so months can be stepped and compared
 * (`monthIndex % 3 === 0` is a quarter's first month, `% 6` a half-year's, `% 12` January).
 */
export function monthIndexOf(date: IsoDate): number {
  const { year, month } = parseIsoDate(date);
  return year * 12 + month - 1;
}

/** Year and month (1–12) of a month index (see {@link monthIndexOf}). */
export function monthOfIndex(monthIndex: number): { year: number; month: number } {
  return { year: Math.floor(monthIndex / 12), month: (((monthIndex % 12) + 12) % 12) + 1 };
}

/** The date in month `monthIndex` at `day`, clamped to the month's last day (31 → 30, 28 or 29). */
export function dateInMonth(monthIndex: number, day: number): IsoDate {
  const { year, month } = monthOfIndex(monthIndex);
  return formatIsoDate({ year, month, day: Math.min(day, daysInMonth(year, month)) });
}

/** The first day of the month holding `date`. */
export function startOfMonth(date: IsoDate): IsoDate {
  return formatIsoDate({ ...parseIsoDate(date), day: 1 });
}

/** The last day of the month holding `date`. */
export function endOfMonth(date: IsoDate): IsoDate {
  return dateInMonth(monthIndexOf(date), 31);
}

/** The earlier of two dates (ISO dates compare as strings). */
export function minIsoDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

/** The later of two dates (ISO dates compare as strings). */
export function maxIsoDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}
