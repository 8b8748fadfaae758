import { fromZonedTime } from 'date-fns-tz';

/** Business dates (action dates, creation dates) are calendar days in Europe/Paris. */
export const businessTimeZone = 'Europe/Paris';

/** True for a real calendar date written `YYYY-MM-DD` (2026-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** The calendar day `days` after `date`. */
export function addCalendarDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year!, month! - 1, day! + days)).toISOString().slice(0, 10);
}

const parisDay = new Intl.DateTimeFormat('en-CA', { timeZone: businessTimeZone, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Paris calendar day of an instant. */
export function parisDateOf(instant: Date): string {
  return parisDay.format(instant);
}

/** The instant a Paris calendar day (optionally at `HH:MM`) starts. */
export function parisInstant(date: string, time = '00:00'): Date {
  return fromZonedTime(`${date}T${time}:00`, businessTimeZone);
}
