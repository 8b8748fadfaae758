import type { FieldProblem } from '../domain/errors.ts';

/**
 * PostgreSQL "data exception" codes (class 22) that only a value in the request can cause: a
 * number or date out of the column's range, a string too long, a NUL byte, text that is not a
 * number. The validation edge (`input-rules.ts`, each route's schema) should refuse them first;
 * this is the safety net that turns one it missed into a 400 instead of a 500.
 */
const inputCodes = new Set(['22001', '22003', '22007', '22008', '22021', '22P02', '22P05', '22004', '22023', '22025', '2201B']);

/** The field problem of a database error caused by the request's values, or undefined. */
export function databaseInputError(error: unknown): FieldProblem | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && inputCodes.has(code)) {
      const column = (current as { column_name?: unknown; column?: unknown }).column_name ?? (current as { column?: unknown }).column;
      return { field: typeof column === 'string' ? column : '(root)', location: 'body', message: 'value out of range or not storable' };
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Integrity violations (class 23) a concurrent or out-of-order request can cause: a conflict with the current state. */
const conflictCodes = new Set(['23503', '23505', '23P01']);

/** Whether a database error is a constraint violation the request caused against the current state (409). */
export function isDatabaseConflict(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && conflictCodes.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
