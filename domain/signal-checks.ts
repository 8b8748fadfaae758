/**
 * Checks of signal payloads inside the workflow bundle, written out instead of with zod: the SDK
 * evaluates every module of the bundle again for each workflow it creates or replays, and zod's
 * own modules made that about 30 % slower (README, "Where the engine's time goes"). The senders
 * (webhooks, the API's adapters) validate with zod at the edge; these checks only keep a malformed
 * signal sent by hand (Temporal UI, CLI) from corrupting a workflow's state.
 */

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export type FieldCheck = (value: unknown) => boolean;

/** A string of 1 to `max` characters (0 to `max` with `{ empty: true }`). */
export const text =
  (max: number, options: { empty?: boolean } = {}): FieldCheck =>
  (value) =>
    typeof value === 'string' && value.length >= (options.empty ? 0 : 1) && value.length <= max;

/** An ISO 8601 instant with its offset. */
export const instant: FieldCheck = (value) => typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));

/** One of `values`. */
export const oneOf =
  (values: readonly string[]): FieldCheck =>
  (value) =>
    typeof value === 'string' && values.includes(value);

/** An integer from `min` to `max`. */
export const integer =
  (min: number, max: number): FieldCheck =>
  (value) =>
    Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

export const nullable =
  (check: FieldCheck): FieldCheck =>
  (value) =>
    value === null || check(value);

export const optional =
  (check: FieldCheck): FieldCheck =>
  (value) =>
    value === undefined || check(value);

/** An array whose every item passes `check`. */
export const arrayOf =
  (check: FieldCheck): FieldCheck =>
  (value) =>
    Array.isArray(value) && value.every(check);

/** An object whose fields pass their checks. */
export const object =
  (checks: Readonly<Record<string, FieldCheck>>): FieldCheck =>
  (value) =>
    failingFields(value, checks).length === 0;

/** The fields of `value` that fail their check (`(payload)` when it is not an object); empty when it is well-formed. */
export function failingFields(value: unknown, checks: Readonly<Record<string, FieldCheck>>): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['(payload)'];
  const record = value as Record<string, unknown>;
  return Object.entries(checks)
    .filter(([field, check]) => !check(record[field]))
    .map(([field]) => field);
}

/** `value` reduced to the fields `checks` names (a payload's extra fields never reach the state). */
export function pickFields<T>(value: unknown, checks: Readonly<Record<string, FieldCheck>>): T {
  const record = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(checks).filter((field) => record[field] !== undefined).map((field) => [field, record[field]])) as T;
}
