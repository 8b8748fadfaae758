/**
 * The base of every failure an infrastructure adapter (PDF, email, SMS, document storage) reports.
 *
 * Adapters never depend on Temporal: they say whether trying again may help (`retryable`), and the
 * activity wrapper turns a non-retryable one into `ApplicationFailure.nonRetryable(message, code)`
 * while letting retryable ones propagate to Temporal's retry policy. `code` is stable and meant
 * for logs, metrics and that failure type; `message` is for the operator and says what to do.
 */
export abstract class AdapterError extends Error {
  /** Whether the same call may succeed later (network, rate limit, a provider outage). */
  abstract readonly retryable: boolean;

  protected constructor(
    /** Stable machine-readable reason, e.g. `pdf_renderer_unavailable`, `email_invalid_address`. */
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** True when `error` is an adapter failure that must not be retried as-is. */
export function isNonRetryableAdapterError(error: unknown): error is AdapterError {
  return error instanceof AdapterError && !error.retryable;
}
