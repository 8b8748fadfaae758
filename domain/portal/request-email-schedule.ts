/**
 * When an open information request's contact is reminded: pure, and safe in Temporal's workflow
 * sandbox (date-fns-tz computes Paris wall-clock instants through Intl with an explicit zone).
 */
import { fromZonedTime } from 'date-fns-tz';
import { addDays, type IsoDate } from '../calendar/iso-date.ts';
import { BUSINESS_TIME_ZONE } from '../calendar/paris-time.ts';

/** Reminders go at the start of the business morning, Paris time. */
export const REQUEST_EMAIL_TIME = '09:00';

/** The reminder's instant: 09:00 Paris, `daysBefore` days before the due date. */
export function reminderInstant(dueDate: IsoDate, daysBefore: number): string {
  return fromZonedTime(`${addDays(dueDate, -daysBefore)}T${REQUEST_EMAIL_TIME}:00`, BUSINESS_TIME_ZONE).toISOString();
}

/** The overdue email's instant: 09:00 Paris the day after the due date (the due day itself still counts). */
export function overdueInstant(dueDate: IsoDate): string {
  return fromZonedTime(`${addDays(dueDate, 1)}T${REQUEST_EMAIL_TIME}:00`, BUSINESS_TIME_ZONE).toISOString();
}
