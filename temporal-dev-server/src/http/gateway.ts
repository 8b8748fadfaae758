/**
 * Temporal's HTTP API (grpc-gateway transcoding) dispatched in-process to the server's own
 * WorkflowService and OperatorService handlers: the routes come from the protos' `google.api.http`
 * annotations (routes.ts), bodies and answers are protobuf JSON (json.ts), errors are
 * `{code, message, details}` with the HTTP status grpc-gateway gives the gRPC code.
 */
import type * as http from 'node:http';
import * as grpc from '@grpc/grpc-js';
import { GrpcStatus, ServiceError, unimplemented } from '../errors.ts';
import type { Handlers } from '../grpc.ts';
import { operatorServiceHandlers } from '../operator-service.ts';
import { newAny } from '../proto.ts';
import type { ServerState } from '../state.ts';
import { workflowServiceHandlers } from '../workflow-service.ts';
import { JsonMappingError, jsonToMessage, lowerCamel, messageToJson } from './json.ts';
import { buildRoutes, matchRoute, type Route, type ServiceName } from './routes.ts';

/** grpc-gateway's HTTPStatusFromCode. */
const HTTP_STATUS: Record<number, number> = {
  [GrpcStatus.OK]: 200,
  [GrpcStatus.CANCELLED]: 499,
  [GrpcStatus.UNKNOWN]: 500,
  [GrpcStatus.INVALID_ARGUMENT]: 400,
  [GrpcStatus.DEADLINE_EXCEEDED]: 504,
  [GrpcStatus.NOT_FOUND]: 404,
  [GrpcStatus.ALREADY_EXISTS]: 409,
  [GrpcStatus.PERMISSION_DENIED]: 403,
  [GrpcStatus.RESOURCE_EXHAUSTED]: 429,
  [GrpcStatus.FAILED_PRECONDITION]: 400,
  [GrpcStatus.ABORTED]: 409,
  [GrpcStatus.OUT_OF_RANGE]: 400,
  [GrpcStatus.UNIMPLEMENTED]: 501,
  [GrpcStatus.INTERNAL]: 500,
  [GrpcStatus.UNAVAILABLE]: 503,
  [GrpcStatus.DATA_LOSS]: 500,
  [GrpcStatus.UNAUTHENTICATED]: 401,
};

const MAX_BODY = 16 * 1024 * 1024;

export interface Gateway {
  routes: Route[];
  /** Handles the request if its path is one of the API's; false when no route has that path. */
  handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean>;
  /** Call one method in-process with a JSON request; resolves with the JSON answer. */
  call(service: ServiceName, method: string, request: unknown, signal?: AbortSignal): Promise<unknown>;
}

export function createGateway(state: ServerState): Gateway {
  const routes = buildRoutes();
  const handlers: Record<ServiceName, Handlers> = {
    'temporal.api.workflowservice.v1.WorkflowService': workflowServiceHandlers(state),
    'temporal.api.operatorservice.v1.OperatorService': operatorServiceHandlers(state),
  };
  const routeFor = (service: ServiceName, method: string): Route | undefined => routes.find((r) => r.service === service && r.method === method);

  const invoke = async (route: Route, request: Record<string, unknown>, signal: AbortSignal, metadata: grpc.Metadata): Promise<unknown> => {
    const handler = handlers[route.service][route.method];
    if (!handler) throw unimplemented(`${route.service}/${route.method}`);
    const result = await handler(request, { signal, deadline: undefined, metadata });
    const bytes = route.responseType.encode(result ?? {}).finish();
    return messageToJson(route.responseType, route.responseType.decode(bytes));
  };

  return {
    routes,
    async call(service, method, request, signal = new AbortController().signal) {
      const route = routeFor(service, method);
      if (!route) throw unimplemented(`${service}/${method}`);
      return invoke(route, jsonToMessage(route.requestType, request ?? {}), signal, new grpc.Metadata());
    },
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const match = matchRoute(routes, req.method ?? 'GET', url.pathname);
      if (match === undefined) return false;
      if (match === 'method-not-allowed') {
        sendError(res, 405, GrpcStatus.UNIMPLEMENTED, `Method ${req.method} is not allowed on ${url.pathname}`);
        return true;
      }
      const { route, params } = match;
      const ac = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) ac.abort();
      });
      try {
        const json = await buildRequestJson(req, url, route, params);
        const request = jsonToMessage(route.requestType, json);
        const answer = await invoke(route, request, ac.signal, metadataFrom(req));
        sendJson(res, 200, answer);
      } catch (err) {
        if (res.headersSent || res.destroyed) return true;
        if (err instanceof JsonMappingError) sendError(res, 400, GrpcStatus.INVALID_ARGUMENT, err.message);
        else if (err instanceof ServiceError) sendServiceError(res, err);
        else {
          state.log.error('http api internal error', { method: route.method, error: err instanceof Error ? err.stack : String(err) });
          sendError(res, 500, GrpcStatus.INTERNAL, `internal error: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      return true;
    },
  };
}

async function buildRequestJson(req: http.IncomingMessage, url: URL, route: Route, params: Record<string, string>): Promise<Record<string, unknown>> {
  let json: Record<string, unknown> = {};
  if (route.body) {
    const text = await readBody(req);
    let parsed: unknown = {};
    if (text.trim() !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new JsonMappingError('body: not valid JSON');
      }
    }
    if (route.body === '*') {
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new JsonMappingError('body: expected a JSON object');
      json = parsed as Record<string, unknown>;
    } else {
      json[route.body] = parsed;
    }
  }
  if (route.body !== '*') {
    // grpc-gateway: with a body of "*" query parameters are ignored; otherwise they fill fields.
    for (const key of new Set(url.searchParams.keys())) {
      if (key in params) continue;
      const values = url.searchParams.getAll(key);
      setPath(json, key.split('.'), values.length === 1 ? values[0] : values);
    }
  }
  for (const [path, value] of Object.entries(params)) setPath(json, path.split('.'), value);
  return json;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let obj = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = lowerCamel(path[i]!);
    const next = obj[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) obj[key] = {};
    obj = obj[key] as Record<string, unknown>;
  }
  obj[lowerCamel(path[path.length - 1]!)] = value;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new JsonMappingError('body: too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** HTTP headers become gRPC metadata, as grpc-gateway forwards them. */
function metadataFrom(req: http.IncomingMessage): grpc.Metadata {
  const md = new grpc.Metadata();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined || ['host', 'connection', 'content-length', 'content-type', 'accept', 'accept-encoding', 'cookie'].includes(key)) continue;
    try {
      for (const v of ([] as string[]).concat(value)) md.add(key, v);
    } catch {
      // Headers that are not valid metadata are simply not forwarded.
    }
  }
  return md;
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

function sendError(res: http.ServerResponse, httpStatus: number, code: number, message: string, details: unknown[] = []): void {
  sendJson(res, httpStatus, { code, message, details });
}

function sendServiceError(res: http.ServerResponse, err: ServiceError): void {
  const details = err.details ? [messageToJsonAny(err.details.typeName, err.details.bytes)] : [];
  sendError(res, HTTP_STATUS[err.code] ?? 500, err.code, err.message, details);
}

function messageToJsonAny(typeName: string, bytes: Uint8Array): unknown {
  const any = newAny(typeName, bytes);
  return messageToJson({ fullName: '.google.protobuf.Any', fieldsArray: [], fields: {} } as never, any as Record<string, unknown>);
}
