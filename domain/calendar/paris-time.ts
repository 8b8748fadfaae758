/**
 * Business time: dates are Europe/Paris calendar days, instants are where those days (or an hour
 * of them) start. The one owner of the business time zone; pure and safe in Temporal's workflow
 * sandbox — date-fns-tz goes through `Intl` with an explicit zone, which does not depend on the
 * host zone (workers run with TZ=UTC), and minds summer time.
 */
import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';
import type { IsoDate } from './iso-date.ts';

/** Business dates (deadlines, action dates, creation dates) are calendar days in this zone. */
export const BUSINESS_TIME_ZONE = 'Europe/Paris';

/** The Paris calendar date (`YYYY-MM-DD`) of an instant: 2027-01-04T23:30Z is 2027-01-05. */
export function businessDateOf(instant: Date | string | number): IsoDate {
  return formatInTimeZone(new Date(instant), BUSINESS_TIME_ZONE, 'yyyy-MM-dd');
}

/** The instant a Paris calendar day starts (or `HH:MM` on it): 2027-01-05 → 2027-01-04T23:00Z. */
export function parisInstant(date: IsoDate, time = '00:00'): Date {
  return fromZonedTime(`${date}T${time}:00`, BUSINESS_TIME_ZONE);
}

/**
 * The UTC instant (ISO 8601, `…Z`) of 00:00 Europe/Paris on `date`: 23:00Z the day before in
 * winter (UTC+1), 22:00Z in summer (UTC+2). Midnight always exists in Paris (clocks change at
 * 02:00/03:00). What workflows sleep until.
 */
export function startOfBusinessDay(date: IsoDate): string {
  return parisInstant(date).toISOString();
}
