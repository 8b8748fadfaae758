import { ApplicationFailure } from '@temporalio/common';
import { isNonRetryableAdapterError } from '../adapters/adapter-error.ts';
import { AppError } from '../domain/errors.ts';

/**
 * Runs a use case, turning what fails for good into non-retryable failures, so nothing retries
 * forever while the workflow waits on it: a business refusal (AppError: its code as the failure
 * type, its reason and details as the details) and an adapter error that says trying again will
 * not help (`AdapterError.retryable === false`: its stable code as the type).
 */
export async function refusalsAreFinal<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError) {
      throw ApplicationFailure.create({ type: error.code, message: error.message, details: [{ ...error.details, reason: error.reason }], nonRetryable: true });
    }
    if (isNonRetryableAdapterError(error)) {
      throw ApplicationFailure.create({ type: error.code, message: error.message, nonRetryable: true, cause: error });
    }
    throw error;
  }
}
