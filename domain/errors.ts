/**
 * The one application error. Use cases throw it with a code; the HTTP edge translates the code
 * to a status once (api/problem.ts); activities turn it into a non-retryable ApplicationFailure.
 */
export const appErrorStatus = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_input: 400,
  precondition_failed: 422,
  idempotency_mismatch: 422,
  unavailable: 503,
} as const;

export type AppErrorCode = keyof typeof appErrorStatus;

/** One bad field: where it was (`body`, `query`, `path`), its dotted name, and why. */
export interface FieldProblem {
  field: string;
  location?: 'body' | 'query' | 'path' | 'header';
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details: { fields?: FieldProblem[]; missing?: string[]; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  static notFound(entity: string): AppError {
    return new AppError('not_found', `${entity} not found`);
  }

  static invalid(fields: FieldProblem[], message = 'The request has invalid fields'): AppError {
    return new AppError('invalid_input', message, { fields });
  }
}
