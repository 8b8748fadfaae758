import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { Config } from '../../config.ts';
import { clientAddress } from '../client-address.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { problem } from '../problem.ts';
import { errorPage } from '../../web/errors.tsx';

/**
 * Fixed-window rate limits, in memory, per process: each key (`ip:…`, `token:…`, `user:…`) may
 * make `limit` requests per window, then gets `429` problem+json with `Retry-After` (seconds
 * until its window ends). Other keys are not affected.
 *
 * Per process: a deployment with several API instances behind a load balancer multiplies every
 * limit by the number of instances; limits that must hold across instances need a shared store
 * (Redis, PostgreSQL) behind the same `RateLimitStore` shape. Memory is bounded: at most
 * `RATE_LIMIT_MAX_KEYS` keys per limit, the oldest window evicted first.
 */
export class RateLimitStore {
  /** Key → window; the Map keeps insertion order, and a key is re-inserted when its window restarts, so the first entry is the oldest. */
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  /** When the last window to end ends: from then on, until the next hit, no key can be blocked. */
  private lastResetAt = 0;

  constructor(private readonly maxKeys: number) {}

  /** Whether some key has a window still running (if not, `blocked` is undefined for every key). */
  active(now = Date.now()): boolean {
    return now < this.lastResetAt;
  }

  /** Whether the key is over its limit, and for how many more seconds. Does not count. */
  blocked(key: string, limit: number, now = Date.now()): number | undefined {
    const window = this.windows.get(key);
    if (!window || window.resetAt <= now || window.count < limit) return undefined;
    return Math.max(1, Math.ceil((window.resetAt - now) / 1000));
  }

  /** Counts one request of the key in its current window. */
  hit(key: string, windowSeconds: number, now = Date.now()): void {
    const window = this.windows.get(key);
    if (window && window.resetAt > now) {
      window.count += 1;
      return;
    }
    this.windows.delete(key);
    this.windows.set(key, { count: 1, resetAt: now + windowSeconds * 1000 });
    this.lastResetAt = Math.max(this.lastResetAt, now + windowSeconds * 1000);
    while (this.windows.size > this.maxKeys) this.windows.delete(this.windows.keys().next().value!);
  }
}

const digest = (secret: string) => createHash('sha256').update(secret).digest('base64url').slice(0, 22);

/**
 * The credential a request presents, hashed: a bearer token, a `?token=` link, the token in a
 * signing page's path, or the client pages' session cookie. Undefined when it presents none.
 */
export function credentialKey(c: Context): string | undefined {
  const bearer = c.req.header('Authorization')?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  const signing = /^\/signature\/([^/]+)/.exec(c.req.path)?.[1];
  const session = /(?:^|;\s*)ech_portail=([^;]+)/.exec(c.req.header('Cookie') ?? '')?.[1];
  const secret = bearer ?? c.req.query('token') ?? signing ?? session;
  return secret ? `token:${digest(secret)}` : undefined;
}

/** The caller's IP and credential: what client-facing limits and authentication failures count. */
export function ipAndCredential(c: Context<AppEnv>): { key: string; per: 'ip' | 'token' }[] {
  const ip = clientAddress(c, c.get('deps').config.TRUSTED_PROXY_HOPS);
  const credential = credentialKey(c);
  return [...(ip ? [{ key: `ip:${ip}`, per: 'ip' as const }] : []), ...(credential ? [{ key: credential, per: 'token' as const }] : [])];
}

export interface RateLimitRule {
  /** Named in the problem (`reason: rate_limited`, `limit: <name>`) and in the log. */
  readonly name: string;
  /** The keys a request counts against, each with the kind of limit that applies to it. */
  readonly keys: (c: Context<AppEnv>) => readonly { key: string; per: 'ip' | 'token' | 'user' }[];
  /** Requests per window for each kind of key, from the configuration. */
  readonly limits: (config: Config) => Partial<Record<'ip' | 'token' | 'user', number>>;
  /** Count only the requests whose response has one of these statuses (authentication failures); default: every request. */
  readonly countStatuses?: readonly number[];
  /** The refusal, once `Retry-After` is set; default: 429 problem+json. Client pages answer a French page. */
  readonly refuse?: (c: Context<AppEnv>, waitSeconds: number) => Response | Promise<Response>;
}

/**
 * One rate limit as middleware. Its counters belong to the app's dependencies, so each app (and
 * each test's app) starts from zero. A refused request does not reach the route and is not
 * counted again. While no window is running (no request counted lately) nothing can be
 * blocked, so a rule that counts only some statuses (authentication failures) works out a
 * request's keys (the credential's hash) only when its answer is one of them.
 */
export function rateLimit(rule: RateLimitRule): MiddlewareHandler<AppEnv> {
  const stores = new WeakMap<AppDeps, RateLimitStore>();
  return async (c, next) => {
    const deps = c.get('deps');
    const { config, logger } = deps;
    let store = stores.get(deps);
    if (!store) stores.set(deps, (store = new RateLimitStore(config.RATE_LIMIT_MAX_KEYS)));
    const keysOf = () => {
      const limits = rule.limits(config);
      return rule.keys(c).flatMap(({ key, per }) => (limits[per] === undefined ? [] : [{ key: `${rule.name}:${key}`, limit: limits[per] }]));
    };
    let keys = rule.countStatuses && !store.active() ? undefined : keysOf();
    const wait = Math.max(0, ...(keys ?? []).map(({ key, limit }) => store.blocked(key, limit) ?? 0));
    if (wait > 0) {
      logger.warn({ limit: rule.name, path: c.req.path, ip: clientAddress(c, config.TRUSTED_PROXY_HOPS) }, 'rate limit reached');
      c.header('Retry-After', String(wait));
      if (rule.refuse) return rule.refuse(c, wait);
      return problem(c, 429, `Too many requests; retry in ${wait} s`, { code: 'too_many_requests', reason: 'rate_limited', limit: rule.name, retryAfterSeconds: wait });
    }
    await next();
    if (rule.countStatuses && !rule.countStatuses.includes(c.res.status)) return;
    keys ??= keysOf();
    for (const { key } of keys) store.hit(key, config.RATE_LIMIT_WINDOW_SECONDS);
  };
}

const clientLimits = (config: Config) => ({ ip: config.RATE_LIMIT_CLIENT_PER_IP, token: config.RATE_LIMIT_CLIENT_PER_TOKEN });

/** Client-facing API requests that send email or SMS or write (answers, service requests): per IP and per token. */
export const clientRateLimit = rateLimit({ name: 'client', keys: ipAndCredential, limits: clientLimits });

/** The same limit on the client pages' forms (sign-in links, answers, signing codes), answered with a French page. */
export const clientPageRateLimit = rateLimit({ name: 'client', keys: ipAndCredential, limits: clientLimits, refuse: (c) => errorPage(c as never, 'too_many') });

/** Authentication failures (401) on the API, per IP and per presented token: once over, even a good token waits. */
export const authFailureRateLimit = rateLimit({
  name: 'auth_failures',
  keys: ipAndCredential,
  limits: (config) => ({ ip: config.RATE_LIMIT_AUTH_FAILURES_PER_IP, token: config.RATE_LIMIT_AUTH_FAILURES_PER_TOKEN }),
  countStatuses: [401],
});

/** Template previews (CPU in the template pool), per staff user. */
export const previewRateLimit = rateLimit({
  name: 'template_previews',
  keys: (c) => [{ key: `user:${c.get('caller').userId}`, per: 'user' }],
  limits: (config) => ({ user: config.RATE_LIMIT_PREVIEWS_PER_USER }),
});
