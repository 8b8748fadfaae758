/**
 * The HTTP routes of Temporal's HTTP API, generated at start-up from the `google.api.http`
 * annotations of the service protos (grpc-gateway's mapping): every binding, additional ones
 * included (each method has a bare path and an `/api/v1` one).
 */
import { root } from '../proto.ts';
import { lookupType, type ReflectedType } from './json.ts';

export const SERVICES = ['temporal.api.workflowservice.v1.WorkflowService', 'temporal.api.operatorservice.v1.OperatorService'] as const;
export type ServiceName = (typeof SERVICES)[number];

type Segment = { literal: string } | { variable: string; rest: boolean };

export interface Route {
  httpMethod: string;
  template: string;
  service: ServiceName;
  method: string;
  requestType: ReflectedType;
  responseType: ReflectedType;
  /** "*" (whole body), a field name, or undefined (no body: everything from path and query). */
  body: string | undefined;
  segments: Segment[];
}

export interface RouteMatch {
  route: Route;
  /** Field path (proto names, dotted) → decoded value. */
  params: Record<string, string>;
}

interface HttpRule {
  get?: string;
  put?: string;
  post?: string;
  delete?: string;
  patch?: string;
  body?: string;
  additional_bindings?: HttpRule | HttpRule[];
}

interface ReflectedMethod {
  requestType: string;
  responseType: string;
  requestStream?: boolean;
  responseStream?: boolean;
  parsedOptions?: Record<string, unknown>[];
}

const VERBS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Parse "/namespaces/{namespace}/workflows/{execution.workflow_id}/history". */
export function parseTemplate(template: string): Segment[] {
  return template
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      const m = /^\{([a-zA-Z0-9_.]+)(?:=([^}]*))?\}$/.exec(s);
      if (!m) return { literal: s };
      return { variable: m[1]!, rest: m[2] === '**' };
    });
}

/** Every annotated route of the two services, most specific first (more literal segments win). */
export function buildRoutes(): Route[] {
  const routes: Route[] = [];
  for (const service of SERVICES) {
    const svc = (root as unknown as { lookupService(n: string): { methods: Record<string, ReflectedMethod>; lookupType(n: string): ReflectedType } }).lookupService(service);
    for (const [name, m] of Object.entries(svc.methods)) {
      if (m.requestStream || m.responseStream) continue;
      for (const opt of m.parsedOptions ?? []) {
        const rule = opt['(google.api.http)'] as HttpRule | undefined;
        if (!rule) continue;
        const bindings = [rule, ...([] as HttpRule[]).concat(rule.additional_bindings ?? [])];
        for (const b of bindings) {
          for (const verb of VERBS) {
            const template = b[verb];
            if (!template) continue;
            routes.push({
              httpMethod: verb.toUpperCase(),
              template,
              service,
              method: name,
              requestType: resolve(svc, m.requestType),
              responseType: resolve(svc, m.responseType),
              body: b.body || undefined,
              segments: parseTemplate(template),
            });
          }
        }
      }
    }
  }
  routes.push(...compatibilityRoutes(routes));
  return routes.sort((a, b) => specificity(b) - specificity(a));
}

function resolve(svc: { lookupType(n: string): ReflectedType }, name: string): ReflectedType {
  const t = svc.lookupType(name);
  return lookupType(t.fullName);
}

/**
 * Paths of older API versions that the Temporal UI (2.38, built for API v1.50) still calls and that
 * the newer protos moved: completing or failing an activity by id.
 */
function compatibilityRoutes(routes: Route[]): Route[] {
  const byMethod = (method: string): Route | undefined => routes.find((r) => r.method === method && r.template.startsWith('/api/v1/'));
  const out: Route[] = [];
  for (const [suffix, method] of [
    ['complete-by-id', 'RespondActivityTaskCompletedById'],
    ['fail-by-id', 'RespondActivityTaskFailedById'],
  ] as const) {
    const r = byMethod(method);
    if (!r) continue;
    for (const prefix of ['/api/v1', '']) {
      const template = `${prefix}/namespaces/{namespace}/activities/${suffix}`;
      out.push({ ...r, template, body: '*', segments: parseTemplate(template) });
    }
  }
  return out;
}

function specificity(r: Route): number {
  // Literal segments first, then longer templates; `**` last.
  let score = 0;
  for (const s of r.segments) score += 'literal' in s ? 100 : s.rest ? 0 : 1;
  return score * 100 + r.segments.length;
}

/** Match a raw (still percent-encoded) path; each variable segment is decoded on its own. */
export function matchRoute(routes: Route[], httpMethod: string, rawPath: string): RouteMatch | 'method-not-allowed' | undefined {
  const parts = rawPath.split('/').filter((s) => s !== '');
  let pathMatched = false;
  for (const route of routes) {
    const params = matchSegments(route.segments, parts);
    if (!params) continue;
    pathMatched = true;
    if (route.httpMethod === httpMethod) return { route, params };
  }
  return pathMatched ? 'method-not-allowed' : undefined;
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  let i = 0;
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s]!;
    if ('literal' in seg) {
      if (parts[i] !== seg.literal) return undefined;
      i++;
      continue;
    }
    if (seg.rest) {
      const remaining = segments.length - s - 1;
      const take = parts.length - i - remaining;
      if (take < 1) return undefined;
      params[seg.variable] = parts.slice(i, i + take).map(safeDecode).join('/');
      i += take;
      continue;
    }
    if (parts[i] === undefined) return undefined;
    params[seg.variable] = safeDecode(parts[i]!);
    i++;
  }
  return i === parts.length ? params : undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
