import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.ts';
import { RateLimitStore } from '../../api/middleware/rate-limit.ts';
import { parseConfig } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { seedClientWithPortalAccess } from '../support/seed-clients.ts';
import { seedOrganisation, type SeededOrganisation } from '../support/seed.ts';
import { createTestApp } from '../support/test-app.ts';
import { createTestDatabase } from '../support/test-database.ts';

let database: Database;
let app: App;
let acme: SeededOrganisation;

beforeAll(async () => {
  database = await createTestDatabase();
  const config = parseConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_CLIENT_PER_TOKEN: '3',
    RATE_LIMIT_CLIENT_PER_IP: '4',
    RATE_LIMIT_AUTH_FAILURES_PER_IP: '3',
    RATE_LIMIT_AUTH_FAILURES_PER_TOKEN: '2',
    RATE_LIMIT_PREVIEWS_PER_USER: '2',
  });
  app = createTestApp(database, { config });
  acme = await seedOrganisation(database.db, 'Acme');
});
afterAll(async () => {
  await database?.close();
});

/** A request as the Node server hands it to the app: from a socket with this address. */
async function send(path: string, options: { ip?: string; token?: string; method?: string; body?: unknown; forwardedFor?: string; app?: App } = {}) {
  const headers: Record<string, string> = { ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}) };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.forwardedFor !== undefined) headers['X-Forwarded-For'] = options.forwardedFor;
  const response = await (options.app ?? app).request(
    path,
    { method: options.method ?? 'GET', headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) },
    options.ip ? { incoming: { socket: { remoteAddress: options.ip } } } : undefined,
  );
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text.startsWith('{') ? JSON.parse(text) : text };
}

function expectTooMany(response: Awaited<ReturnType<typeof send>>, limit: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(429);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(Number(response.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  expect(response.body).toMatchObject({ status: 429, reason: 'rate_limited', limit });
}

describe('client-facing rate limits', () => {
  it('answers 429 with Retry-After past the per-token limit, and only to that token', async () => {
    const mine = await seedClientWithPortalAccess(database.db, acme);
    const theirs = await seedClientWithPortalAccess(database.db, acme);
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await send('/api/v1/portal/service-requests', { method: 'POST', token: mine.portalToken, body: { message: `Demande ${attempt}` } })).status).toBe(201);
    }
    expectTooMany(await send('/api/v1/portal/service-requests', { method: 'POST', token: mine.portalToken, body: { message: 'Encore' } }), 'client');
    // Reading is not limited, and another contact still writes.
    expect((await send('/api/v1/portal/service-requests', { token: mine.portalToken })).status).toBe(200);
    expect((await send('/api/v1/portal/service-requests', { method: 'POST', token: theirs.portalToken, body: { message: 'Autre client' } })).status).toBe(201);
  });

  it('limits sign-in link requests per IP, leaving other addresses alone', async () => {
    for (let attempt = 0; attempt < 4; attempt++) {
      expect((await send('/portail/connexion', { method: 'POST', ip: '203.0.113.10' })).status).not.toBe(429);
    }
    // A person on the client pages gets a French page, never JSON, with the same Retry-After.
    const refused = await send('/portail/connexion', { method: 'POST', ip: '203.0.113.10' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('text/html');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.body).toContain('Trop de demandes');
    expect((await send('/portail/connexion', { method: 'POST', ip: '203.0.113.11' })).status).not.toBe(429);
    expect((await send('/portail/connexion', { ip: '203.0.113.10' })).status).toBe(200);
  });

  it('is not escaped by writing another address in X-Forwarded-For, with no proxy trusted', async () => {
    for (let attempt = 0; attempt < 4; attempt++) {
      expect((await send('/portail/connexion', { method: 'POST', ip: '203.0.113.20', forwardedFor: `198.51.100.${attempt}` })).status).not.toBe(429);
    }
    expect((await send('/portail/connexion', { method: 'POST', ip: '203.0.113.20', forwardedFor: '198.51.100.99' })).status).toBe(429);
  });

  it('counts each client behind a trusted proxy apart (TRUSTED_PROXY_HOPS=1)', async () => {
    const behindProxy = createTestApp(database, { config: parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', RATE_LIMIT_CLIENT_PER_IP: '4', TRUSTED_PROXY_HOPS: '1' }) });
    const viaProxy = (client: string, forged = '192.0.2.1') => send('/portail/connexion', { app: behindProxy, method: 'POST', ip: '10.0.0.2', forwardedFor: `${forged}, ${client}` });
    for (let attempt = 0; attempt < 4; attempt++) expect((await viaProxy('203.0.113.30', `192.0.2.${attempt}`)).status).not.toBe(429);
    expect((await viaProxy('203.0.113.30', '192.0.2.99')).status).toBe(429);
    // Another client through the same proxy socket still gets through.
    expect((await viaProxy('203.0.113.31')).status).not.toBe(429);
  });
});

describe('authentication failures', () => {
  it('answers 429 to an IP after repeated 401s, even with a good token, and not to other IPs', async () => {
    for (let attempt = 0; attempt < 3; attempt++) expect((await send('/api/v1/clients', { ip: '198.51.100.1', token: `wrong-${attempt}` })).status).toBe(401);
    expectTooMany(await send('/api/v1/clients', { ip: '198.51.100.1', token: acme.adminToken }), 'auth_failures');
    expect((await send('/api/v1/clients', { ip: '198.51.100.2', token: acme.adminToken })).status).toBe(200);
  });

  it('answers 429 to a token tried from several IPs', async () => {
    expect((await send('/api/v1/portal/me', { ip: '198.51.100.3', token: 'guessed-token' })).status).toBe(401);
    expect((await send('/api/v1/portal/me', { ip: '198.51.100.4', token: 'guessed-token' })).status).toBe(401);
    expectTooMany(await send('/api/v1/portal/me', { ip: '198.51.100.5', token: 'guessed-token' }), 'auth_failures');
  });

  it('does not count successful requests', async () => {
    for (let attempt = 0; attempt < 5; attempt++) expect((await send('/api/v1/clients', { ip: '198.51.100.6', token: acme.adminToken })).status).toBe(200);
  });
});

describe('template previews', () => {
  it('are limited per user', async () => {
    const preview = (token: string) => send('/api/v1/templates/letter.title/preview', { method: 'POST', token, body: {} });
    expect((await preview(acme.adminToken)).status).toBe(200);
    expect((await preview(acme.adminToken)).status).toBe(200);
    expectTooMany(await preview(acme.adminToken), 'template_previews');
    expect((await preview(acme.collaboratorToken)).status).toBe(200);
  });
});

describe('the counters', () => {
  it('forget a key when its window ends', () => {
    const store = new RateLimitStore(100);
    store.hit('k', 60, 0);
    expect(store.blocked('k', 1, 1_000)).toBe(59);
    expect(store.blocked('k', 1, 60_000)).toBeUndefined();
  });

  it('say whether any window is still running (if none, no key can be blocked)', () => {
    const store = new RateLimitStore(100);
    expect(store.active(0)).toBe(false);
    store.hit('a', 60, 0);
    store.hit('b', 10, 30_000);
    expect(store.active(45_000)).toBe(true);
    expect(store.active(59_999)).toBe(true);
    expect(store.active(60_000)).toBe(false);
    expect(store.blocked('a', 1, 60_000)).toBeUndefined();
  });

  it('keep at most their bound of keys, evicting the oldest', () => {
    const store = new RateLimitStore(100);
    for (let index = 0; index < 1_000; index++) store.hit(`ip:${index}`, 60, 0);
    expect(store.blocked('ip:0', 1, 1)).toBeUndefined();
    expect(store.blocked('ip:999', 1, 1)).toBe(60);
  });
});
