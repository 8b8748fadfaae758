/**
 * French public holidays (jours fériés) of metropolitan France.
 *
 * Hand-written on purpose: the list is fixed by the Code du travail (art. L3133-1) — 1 January,
 * Easter Monday, 1 May, 8 May, Ascension Thursday, Whit Monday, 14 July, 15 August, 1 November,
 * 11 November, 25 December — and the only computation is Easter. A library such as
 * `date-holidays` would bring its own time-zone handling (instants, host TZ, `Date`) into code
 * that also runs in Temporal's deterministic workflow sandbox, where time-zone-aware dates
 * silently compute in UTC. Here holidays are plain `YYYY-MM-DD` calendar dates.
 *
 * Not included: Alsace-Moselle's extra days (Good Friday, 26 December) and overseas
 * departments' abolition-of-slavery days; Whit Monday stays a holiday even where firms use it as
 * the "journée de solidarité".
 */
import { addDays, formatIsoDate, parseIsoDate, type IsoDate } from './iso-date.ts';

/**
 * Easter Sunday of `year` (Gregorian calendar), by the anonymous Gregorian algorithm
 * (Meeus/Jones/Butcher). 2024 → 2024-03-31, 2025 → 2025-04-20, 2026 → 2026-04-05.
 */
export function easterSunday(year: number): IsoDate {
  assertYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return formatIsoDate({ year, month, day });
}

/**
 * The 11 public holidays of metropolitan France in `year`, sorted: 1 Jan, Easter Monday, 1 May,
 * 8 May, Ascension (Easter + 39 days), Whit Monday (Easter + 50), 14 Jul, 15 Aug, 1 Nov, 11 Nov,
 * 25 Dec. Returns a fresh array (callers may mutate it).
 */
export function frenchPublicHolidays(year: number): IsoDate[] {
  return [...holidaySet(year)].sort();
}

/** True when `date` is one of the 11 metropolitan French public holidays. */
export function isFrenchPublicHoliday(date: IsoDate): boolean {
  return holidaySet(parseIsoDate(date).year).has(date);
}

const cache = new Map<number, ReadonlySet<IsoDate>>();

/** Holidays of one year, memoised (pure: the same year always gives the same set). */
function holidaySet(year: number): ReadonlySet<IsoDate> {
  let set = cache.get(year);
  if (!set) {
    const easter = easterSunday(year);
    const fixed = (month: number, day: number) => formatIsoDate({ year, month, day });
    set = new Set([
      fixed(1, 1),
      addDays(easter, 1), // lundi de Pâques
      fixed(5, 1),
      fixed(5, 8),
      addDays(easter, 39), // Ascension
      addDays(easter, 50), // lundi de Pentecôte
      fixed(7, 14),
      fixed(8, 15),
      fixed(11, 1),
      fixed(11, 11),
      fixed(12, 25),
    ]);
    cache.set(year, set);
  }
  return set;
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(`Year out of the Gregorian range handled here (1583–9999): ${year}`);
  }
}
