import { AdapterError } from '../adapter-error.ts';

/**
 * An email was not sent. `retryable` says whether sending the same email again may work: a
 * provider outage, a rate limit or a network failure may; a bad address, a refused payload or a
 * reused idempotency key with different content will not.
 */
export class EmailDeliveryError extends AdapterError {
  readonly retryable: boolean;

  constructor(code: string, message: string, options: { retryable: boolean; cause?: unknown }) {
    super(code, message, { cause: options.cause });
    this.retryable = options.retryable;
  }
}
