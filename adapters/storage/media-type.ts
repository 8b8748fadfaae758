/**
 * Media types of stored files. What a browser or client declares on upload is only a hint: it is
 * normalised to `type/subtype` in lower case before it is stored, and on download any type a
 * browser would render or run from the API's origin is replaced by the neutral binary type.
 */

const wellFormed = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/** Types a browser renders as a page or runs, whatever `nosniff` and the CSP say. */
const active = /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|text\/javascript|application\/javascript|application\/ecmascript|text\/ecmascript|multipart\/x-mixed-replace)$|\+xml$/;

/** `type/subtype` in lower case when the declared media type is well formed, else `application/octet-stream`. */
export function normaliseMediaType(declared: string | null | undefined): string {
  const essence = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  return wellFormed.test(essence) ? essence : 'application/octet-stream';
}

/**
 * The type a stored file is served with: the stored type normalised, or `application/octet-stream`
 * for one a browser would run. Files the application generates itself (`text/vcard`, `message/rfc822`,
 * spreadsheets, PDFs) pass unchanged, charset included.
 */
export function safeMediaType(stored: string): string {
  const essence = normaliseMediaType(stored);
  if (active.test(essence)) return 'application/octet-stream';
  return /;\s*charset=utf-8$/i.test(stored) ? `${essence}; charset=utf-8` : essence;
}
