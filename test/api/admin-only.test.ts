/**
 * Route contracts say who may call them: every operation whose contract `requires: 'admin'`
 * (documented as `x-required-role: admin`) refuses the organisation's collaborators with 403
 * problem+json, reason `forbidden`, before reading their input; the admins pass the guard.
 */
import { describe, expect, it } from 'vitest';
import { REQUIRED_ROLE_EXTENSION } from '../../api/create-router.ts';
import type { DevClock } from '../../adapters/temporal/dev-clock.ts';
import { twoOrganisations } from '../support/two-organisations.ts';

/** A clock that never moves: only so the development routes are mounted and listed. */
const stillClock: DevClock = { now: async () => '2026-01-01T00:00:00.000Z', advance: async () => ({ now: '2026-01-01T00:00:00.000Z' }) };
const { admin, collaborator } = await twoOrganisations({ app: { devClock: stillClock } });

interface Operation {
  method: string;
  path: string;
  role: unknown;
}

async function operations(): Promise<Operation[]> {
  const document = (await admin.get('/api/openapi.json')).body as { paths: Record<string, Record<string, Record<string, unknown>>> };
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ method: method.toUpperCase(), path, role: operation[REQUIRED_ROLE_EXTENSION] })),
  );
}

/** The path with a fresh uuid for each parameter: the guard answers before anything is looked up. */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, () => crypto.randomUUID());

describe('admin-only routes', () => {
  it('are declared on the contract of every administration route', async () => {
    const adminOnly = (await operations()).filter((operation) => operation.role === 'admin');
    const names = adminOnly.map((operation) => `${operation.method} ${operation.path}`);
    // The firm's settings, users, catalogue, templates, letters models, outbox, dev clock…
    expect(names).toEqual(
      expect.arrayContaining([
        'POST /api/v1/users',
        'POST /api/v1/catalogue/services',
        'GET /api/v1/outbox/emails',
        'GET /api/v1/custom-fields',
        'POST /api/v1/dev/clock/advance',
      ]),
    );
    expect(adminOnly.length).toBeGreaterThanOrEqual(34);
    expect(new Set((await operations()).map((operation) => operation.role))).toEqual(new Set([undefined, 'admin']));
  });

  it('answer 403 problem+json with reason forbidden to a collaborator, whatever the input', async () => {
    const adminOnly = (await operations()).filter((operation) => operation.role === 'admin');
    for (const operation of adminOnly) {
      const response = await collaborator.send(operation.method, concrete(operation.path), operation.method === 'GET' || operation.method === 'DELETE' ? undefined : { not: 'valid' });
      expect(response.status, `${operation.method} ${operation.path}`).toBe(403);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body).toMatchObject({ status: 403, reason: 'forbidden' });
    }
  });

  it('let an administrator through to the route’s own answers', async () => {
    const listed = await admin.get('/api/v1/outbox/emails');
    expect(listed.status).toBe(200);
    const invalid = await admin.post('/api/v1/catalogue/categories', { name: '' });
    expect(invalid.status).toBe(400);
    const missing = await admin.send('DELETE', `/api/v1/offices/${crypto.randomUUID()}`);
    expect(missing.status).toBe(404);
  });

  it('leave the other routes to every member of the organisation', async () => {
    expect((await collaborator.get('/api/v1/catalogue/services')).status).toBe(200);
    expect((await collaborator.get('/api/v1/me')).status).toBe(200);
  });
});
