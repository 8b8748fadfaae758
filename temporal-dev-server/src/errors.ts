import { status as GrpcStatus } from '@grpc/grpc-js';
import { api, newAny, root } from './proto.ts';

export { GrpcStatus };

/** An error answered to the caller with a gRPC status code (and optional Temporal error details). */
export class ServiceError extends Error {
  constructor(
    public readonly code: GrpcStatus,
    message: string,
    public readonly details?: { typeName: string; bytes: Uint8Array },
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export function invalidArgument(message: string): ServiceError {
  return new ServiceError(GrpcStatus.INVALID_ARGUMENT, message);
}

export function notFound(message: string, currentCluster = 'active'): ServiceError {
  const bytes = api.errordetails.v1.NotFoundFailure.encode({ currentCluster, activeCluster: currentCluster }).finish();
  return new ServiceError(GrpcStatus.NOT_FOUND, message, { typeName: 'temporal.api.errordetails.v1.NotFoundFailure', bytes });
}

export function namespaceNotFound(namespace: string): ServiceError {
  const bytes = api.errordetails.v1.NamespaceNotFoundFailure.encode({ namespace }).finish();
  return new ServiceError(GrpcStatus.NOT_FOUND, `Namespace ${namespace} is not found.`, {
    typeName: 'temporal.api.errordetails.v1.NamespaceNotFoundFailure',
    bytes,
  });
}

export function alreadyStarted(message: string, startRequestId: string, runId: string): ServiceError {
  const bytes = api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure.encode({ startRequestId, runId }).finish();
  return new ServiceError(GrpcStatus.ALREADY_EXISTS, message, {
    typeName: 'temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure',
    bytes,
  });
}

export function alreadyExists(message: string): ServiceError {
  return new ServiceError(GrpcStatus.ALREADY_EXISTS, message);
}

export function failedPrecondition(message: string): ServiceError {
  return new ServiceError(GrpcStatus.FAILED_PRECONDITION, message);
}

export function unimplemented(method: string): ServiceError {
  return new ServiceError(
    GrpcStatus.UNIMPLEMENTED,
    `${method} is not implemented by temporal-dev-server (an in-memory development server)`,
  );
}

/** Encoded google.rpc.Status for the `grpc-status-details-bin` trailer. */
export function statusDetailsBin(err: ServiceError): Buffer | undefined {
  if (!err.details) return undefined;
  const bytes = root.google.rpc.Status.encode({
    code: err.code,
    message: err.message,
    details: [newAny(err.details.typeName, err.details.bytes)],
  }).finish();
  return Buffer.from(bytes);
}
