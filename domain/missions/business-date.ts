/**
 * The business date (Europe/Paris calendar day) of an instant. Pure and safe in Temporal's
 * workflow sandbox: date-fns-tz formats through `Intl` with an explicit time zone, which does not
 * depend on the host zone (workers run with TZ=UTC).
 */
import { formatInTimeZone } from 'date-fns-tz';
import type { IsoDate } from '../calendar/iso-date.ts';
import { BUSINESS_TIME_ZONE } from './plan-occurrences.ts';

/** The Paris calendar date (`YYYY-MM-DD`) of an instant: 2027-01-04T23:30Z is 2027-01-05. */
export function businessDateOf(instant: Date | string | number): IsoDate {
  return formatInTimeZone(new Date(instant), BUSINESS_TIME_ZONE, 'yyyy-MM-dd');
}
