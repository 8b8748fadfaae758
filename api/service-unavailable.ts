import { isGrpcServiceError } from '@temporalio/client';
import { status as GrpcStatus } from '@grpc/grpc-js';

/** Seconds a client is told to wait (`Retry-After`) when a dependency is unreachable. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Whether an error (or one of its causes) says that Temporal could not be reached: the gRPC
 * codes of a refused or timed-out connection, whichever client call and wrapper (`ServiceError`,
 * `WorkflowFailedError`…) it came through. The error handler answers those 503 + Retry-After,
 * once for every route, instead of a 500.
 */
export function isTemporalUnreachable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current; depth++) {
    if (isGrpcServiceError(current) && (current.code === GrpcStatus.UNAVAILABLE || current.code === GrpcStatus.DEADLINE_EXCEEDED)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
