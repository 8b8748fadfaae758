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

/** What an AppError carries beside its message and reason (extra problem+json members). */
export interface AppErrorFields {
  fields?: FieldProblem[];
  missing?: string[];
  [key: string]: unknown;
}

/** The details a thrower gives: `reason` is taken out into {@link AppError.reason}. */
export type AppErrorDetails = AppErrorFields & {
  /** Stable sub-code (see {@link AppError.reason}); defaults to the error code. */
  reason?: string | undefined;
};

export class AppError extends Error {
  /**
   * Stable, machine-readable sub-code beside the human message (`mission_status_conflict`,
   * `mission_not_found`…): callers and tests match it, never the text. Defaults to the code.
   */
  readonly reason: string;
  readonly details: AppErrorFields;

  constructor(
    readonly code: AppErrorCode,
    message: string,
    details: AppErrorDetails = {},
  ) {
    super(message);
    this.name = 'AppError';
    const { reason, ...rest } = details;
    this.reason = reason ?? code;
    this.details = rest;
  }

  /** 404 with reason `<entity>_not_found` (`Mission` → `mission_not_found`). */
  static notFound(entity: string): AppError {
    const reason = `${entity.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '')}_not_found`;
    return new AppError('not_found', `${entity} not found`, { reason });
  }

  static invalid(fields: FieldProblem[], message = 'The request has invalid fields'): AppError {
    return new AppError('invalid_input', message, { fields });
  }
}
