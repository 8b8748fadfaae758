import { BUSINESS_TIME_ZONE } from '../calendar/paris-time.ts';

/**
 * How letters print amounts and dates: French, Europe/Paris. One owner for the letters, the FIL
 * and the signing pages, so a letter and its audit trail never disagree on a date.
 */
const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const longDate = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const instantFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'medium', timeZone: BUSINESS_TIME_ZONE });
const todayFormat = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: BUSINESS_TIME_ZONE });

/** `125000` → `1 250,00 €` (narrow no-break spaces normalised to plain spaces for PDF text search). */
export function formatEuros(cents: number): string {
  return euros.format(cents / 100).replace(/[\u202f\u00a0]/g, ' ');
}

/** `2026-01-31` → `31 janvier 2026`. */
export function formatFrenchDate(isoDate: string): string {
  return longDate.format(new Date(`${isoDate}T00:00:00Z`));
}

/** The calendar day of an instant in Paris, in French. */
export function formatFrenchDay(at: Date): string {
  return todayFormat.format(at);
}

/** An instant in Paris time, to the second (audit trails). */
export function formatFrenchInstant(at: Date): string {
  return instantFormat.format(at).replace(/[\u202f\u00a0]/g, ' ');
}

export const FREQUENCY_LABELS: Readonly<Record<string, string>> = {
  weekly: 'Hebdomadaire',
  monthly: 'Mensuelle',
  quarterly: 'Trimestrielle',
  'half-yearly': 'Semestrielle',
  yearly: 'Annuelle',
  'one-off': 'Ponctuelle',
};

/** Occurrences per year of a frequency (a one-off line counts its quantity once). */
export const OCCURRENCES_PER_YEAR: Readonly<Record<string, number>> = { weekly: 52, monthly: 12, quarterly: 4, 'half-yearly': 2, yearly: 1, 'one-off': 1 };
