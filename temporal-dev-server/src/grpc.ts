/**
 * gRPC wiring: grpc-js service definitions built from the protobufjs reflection root, every method
 * registered (unknown ones answer UNIMPLEMENTED at once), errors mapped to gRPC statuses.
 */
import * as grpc from '@grpc/grpc-js';
import { ServiceError, GrpcStatus, statusDetailsBin, unimplemented } from './errors.ts';
import type { Logger } from './log.ts';
import { root } from './proto.ts';

export interface CallContext {
  /** Aborted when the caller cancels or its deadline passes. */
  signal: AbortSignal;
  /** Absolute deadline in real milliseconds since epoch, if the caller set one. */
  deadline: number | undefined;
  metadata: grpc.Metadata;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (req: any, ctx: CallContext) => Promise<unknown> | unknown;
export type Handlers = Record<string, Handler>;

interface MessageCodec {
  encode(message: unknown): { finish(): Uint8Array };
  decode(bytes: Uint8Array): unknown;
}

interface ReflectedMethod {
  name: string;
  requestType: string;
  responseType: string;
  requestStream?: boolean;
  responseStream?: boolean;
}

interface ReflectedService {
  fullName: string;
  methods: Record<string, ReflectedMethod>;
  lookupType(name: string): MessageCodec;
}

function lookupService(fullName: string): ReflectedService {
  return (root as unknown as { lookupService(n: string): ReflectedService }).lookupService(fullName);
}

/** Register `handlers` for service `fullName`; every other method answers UNIMPLEMENTED. */
/**
 * `beforeAnswer` runs after each handler, before its answer (or error) is sent: the durable state
 * uses it so that nothing is acknowledged before it is on disk.
 */
export function addService(server: grpc.Server, fullName: string, handlers: Handlers, log: Logger, beforeAnswer?: () => Promise<void>): void {
  const svc = lookupService(fullName);
  const serviceName = svc.fullName.replace(/^\./, '');
  const definition: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  const impl: grpc.UntypedServiceImplementation = {};
  for (const [name, m] of Object.entries(svc.methods)) {
    const reqType = svc.lookupType(m.requestType);
    const resType = svc.lookupType(m.responseType);
    const path = `/${serviceName}/${name}`;
    definition[name] = {
      path,
      requestStream: !!m.requestStream,
      responseStream: !!m.responseStream,
      requestSerialize: (v: unknown) => Buffer.from(reqType.encode(v).finish()),
      requestDeserialize: (b: Buffer) => reqType.decode(b),
      responseSerialize: (v: unknown) => Buffer.from(resType.encode(v).finish()),
      responseDeserialize: (b: Buffer) => resType.decode(b),
      originalName: name,
    };
    const handler = handlers[name];
    if (m.requestStream || m.responseStream) {
      // Streaming methods (e.g. Health.Watch): not supported.
      if (m.requestStream && m.responseStream) {
        impl[name] = (call: grpc.ServerDuplexStream<unknown, unknown>) => {
          call.emit('error', toGrpcError(unimplemented(`${serviceName}/${name}`)));
        };
      } else if (m.responseStream) {
        impl[name] = (call: grpc.ServerWritableStream<unknown, unknown>) => {
          call.emit('error', toGrpcError(unimplemented(`${serviceName}/${name}`)));
        };
      } else {
        impl[name] = (_call: grpc.ServerReadableStream<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) => {
          cb(toGrpcError(unimplemented(`${serviceName}/${name}`)));
        };
      }
      continue;
    }
    impl[name] = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      if (!handler) {
        log.debug('unimplemented method called', { method: path });
        callback(toGrpcError(unimplemented(`${serviceName}/${name}`)));
        return;
      }
      const ac = new AbortController();
      const onCancel = (): void => ac.abort();
      call.on('cancelled', onCancel);
      const dl = call.getDeadline();
      let deadline: number | undefined;
      if (dl instanceof Date) deadline = dl.getTime();
      else if (typeof dl === 'number' && Number.isFinite(dl)) deadline = dl;
      let deadlineTimer: NodeJS.Timeout | undefined;
      if (deadline !== undefined) {
        deadlineTimer = setTimeout(() => ac.abort(), Math.max(0, deadline - Date.now()));
      }
      const done = (): void => {
        if (deadlineTimer) clearTimeout(deadlineTimer);
        call.removeListener('cancelled', onCancel);
      };
      log.trace('call', { method: name });
      let result: Promise<unknown>;
      try {
        result = Promise.resolve(handler(call.request, { signal: ac.signal, deadline, metadata: call.metadata }));
      } catch (err) {
        result = Promise.reject(err);
      }
      if (beforeAnswer) {
        result = result.then(
          (res) => beforeAnswer().then(() => res),
          (err: unknown) => beforeAnswer().then(() => Promise.reject(err)),
        );
      }
      result.then(
        (res) => {
          done();
          callback(null, res ?? {});
        },
        (err: unknown) => {
          done();
          if (!(err instanceof ServiceError)) {
            log.error('internal error', { method: name, error: err instanceof Error ? err.stack : String(err) });
          } else {
            log.debug('call failed', { method: name, code: err.code, message: err.message });
          }
          callback(toGrpcError(err));
        },
      );
    };
  }
  server.addService(definition as grpc.ServiceDefinition, impl);
}

function toGrpcError(err: unknown): Partial<grpc.StatusObject> {
  if (err instanceof ServiceError) {
    const metadata = new grpc.Metadata();
    const bin = statusDetailsBin(err);
    if (bin) metadata.set('grpc-status-details-bin', bin);
    return { code: err.code, details: err.message, metadata };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: GrpcStatus.INTERNAL, details: `internal error: ${message}`, metadata: new grpc.Metadata() };
}
