import { AdapterError } from '../adapter-error.ts';

/** An e-signature provider call failed; `retryable` for network errors, 429 and 5xx. */
export class EsignError extends AdapterError {
  readonly retryable: boolean;

  constructor(code: string, message: string, options: { retryable: boolean; cause?: unknown }) {
    super(code, message, { cause: options.cause });
    this.retryable = options.retryable;
  }
}
