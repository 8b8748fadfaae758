/**
 * Keys the advanced search compares on, computed once when a record is written so queries run
 * on plain indexed columns (no `unaccent`, which PGlite lacks).
 */

/** Lower case, accents stripped, spaces collapsed: "  Société Générale " → "societe generale". */
export function searchText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** `searchText` for an optional value. */
export function searchTextOrNull(value: string | null | undefined): string | null {
  return value ? searchText(value) : null;
}

/**
 * A phone number's digits in the form French staff type them: "+33 6 12 34 56 78" and
 * "06.12.34.56.78" both give "0612345678", so a search on either finds the other. Foreign numbers
 * keep their international digits.
 */
export function phoneDigits(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (/^0033\d{9}$/.test(digits)) return `0${digits.slice(4)}`;
  if (/^33\d{9}$/.test(digits) && value.trim().startsWith('+')) return `0${digits.slice(2)}`;
  return digits;
}

/** `phoneDigits` for an optional value; null when it has no digit. */
export function phoneDigitsOrNull(value: string | null | undefined): string | null {
  if (!value) return null;
  const digits = phoneDigits(value);
  return digits === '' ? null : digits;
}

/** Escapes `%`, `_` and `\` so user text is matched literally inside a LIKE pattern. */
export function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}
