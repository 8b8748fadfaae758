import type { IsoDate } from '../domain/calendar/iso-date.ts';
import { BUSINESS_TIME_ZONE } from '../domain/calendar/paris-time.ts';

const dateFormat = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: BUSINESS_TIME_ZONE });

/** `2026-12-30` → `30 décembre 2026`. */
export function frenchDate(date: IsoDate): string {
  return dateFormat.format(new Date(`${date}T00:00:00Z`));
}

/** An instant in Paris time: `19 décembre 2026 à 00:00`. */
export function frenchDateTime(instant: Date): string {
  return dateTimeFormat.format(instant);
}

/** A size for people: `812 octets`, `14 ko`, `3,2 Mo`. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} octets`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} ko`;
  return `${(bytes / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
}
