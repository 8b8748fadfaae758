import { Validator } from '@seriousme/openapi-schema-validator';
import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { users } from '../../db/schema/index.ts';
import { apiTokens, firms, historyEntries, offices } from '../../db/schema/index.ts';
import { expectHiddenFromOtherOrganisations } from '../support/cross-organisation.ts';
import { authenticateToken, TOKEN_LOOKUP_REUSE_MS } from '../../domain/auth/authenticate-token.ts';
import { apiClient } from '../support/test-app.ts';
import { twoOrganisations } from '../support/two-organisations.ts';

const { database, app, acme, other, admin, collaborator, stranger } = await twoOrganisations();

const rowCount = async (table: typeof firms | typeof offices | typeof users | typeof historyEntries) =>
  (await database.db.select({ n: count() }).from(table))[0]!.n;

describe('OpenAPI and docs', () => {
  it('serves a valid OpenAPI 3.1 document', async () => {
    const response = await apiClient(app).get('/api/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    const result = await new Validator().validate(response.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(response.body.paths)).toContain('/api/v1/firms/{id}');
  });

  it('serves the interactive docs page', async () => {
    const response = await apiClient(app).get('/api/docs');
    expect(response.status).toBe(200);
    expect(response.text).toContain('/api/openapi.json');
  });
});

describe('authentication and roles', () => {
  it('answers 401 problem+json without a token', async () => {
    const response = await apiClient(app).get('/api/v1/firms');
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 401 for an unknown token', async () => {
    expect((await apiClient(app, 'ech_nope').get('/api/v1/me')).status).toBe(401);
  });

  it('lets the bootstrap token read the caller', async () => {
    const me = await admin.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: 'admin', organisationId: acme.organisationId });
  });

  it('refuses an admin route to a collaborator with 403', async () => {
    const response = await collaborator.post('/api/v1/firms', { name: 'Nouveau cabinet' });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses a token revoked elsewhere (another replica, SQL) within TOKEN_LOOKUP_REUSE_MS, and an unknown token always', async () => {
    const issued = await admin.post(`/api/v1/users/${acme.collaborator.id}/tokens`, { name: 'to revoke' });
    const start = Date.now();
    await expect(authenticateToken(database.db, issued.body.token, start)).resolves.toMatchObject({ userId: acme.collaborator.id, role: 'collaborator' });
    await database.db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, issued.body.id));
    // The lookup is reused for at most TOKEN_LOOKUP_REUSE_MS, then read again: refused.
    await expect(authenticateToken(database.db, issued.body.token, start + TOKEN_LOOKUP_REUSE_MS - 1)).resolves.toMatchObject({ userId: acme.collaborator.id });
    await expect(authenticateToken(database.db, issued.body.token, start + TOKEN_LOOKUP_REUSE_MS)).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(authenticateToken(database.db, issued.body.token, start + TOKEN_LOOKUP_REUSE_MS + 1)).rejects.toMatchObject({ code: 'unauthorized' });
    expect((await apiClient(app, issued.body.token).get('/api/v1/me')).status).toBe(401);
  });

  it('applies a role change made through the API to the next request of the user’s tokens', async () => {
    const created = await admin.post('/api/v1/users', { email: 'boss@acme.test', firstName: 'Bo', lastName: 'Ss', role: 'admin' });
    const issued = await admin.post(`/api/v1/users/${created.body.id}/tokens`, { name: 'laptop' });
    const boss = apiClient(app, issued.body.token);
    expect((await boss.get('/api/v1/me')).body.role).toBe('admin');
    expect((await admin.patch(`/api/v1/users/${created.body.id}`, { role: 'collaborator' })).status).toBe(200);
    expect((await boss.post('/api/v1/firms', { name: 'Cabinet interdit' })).status).toBe(403);
  });

  it('stops accepting the tokens of a deactivated user', async () => {
    const created = await admin.post('/api/v1/users', { email: 'temp@acme.test', firstName: 'Tem', lastName: 'Porary', role: 'collaborator' });
    const issued = await admin.post(`/api/v1/users/${created.body.id}/tokens`, { name: 'laptop' });
    expect((await apiClient(app, issued.body.token).get('/api/v1/me')).status).toBe(200);
    expect((await admin.delete(`/api/v1/users/${created.body.id}`)).status).toBe(204);
    expect((await apiClient(app, issued.body.token).get('/api/v1/me')).status).toBe(401);
  });
});

describe('validation', () => {
  it('lists each bad field in a 400 problem and writes nothing', async () => {
    const before = await Promise.all([rowCount(firms), rowCount(historyEntries)]);
    const response = await admin.post('/api/v1/firms', { name: '', siren: '123456789', vatNumber: 'XX', services: ['astrology'] });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const fields = response.body.errors.map((error: { field: string }) => error.field).sort();
    expect(fields).toEqual(['name', 'services.0', 'siren', 'vatNumber']);
    expect(await Promise.all([rowCount(firms), rowCount(historyEntries)])).toEqual(before);
  });

  it('answers 400 for malformed JSON', async () => {
    const response = await admin.send('POST', '/api/v1/firms', '{"name": ', { 'Content-Type': 'application/json' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses an office in an unknown firm, naming firmId, and writes nothing', async () => {
    const before = await rowCount(offices);
    const response = await admin.post('/api/v1/offices', { firmId: other.firm.id, name: 'Lyon' });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'firmId' })]);
    expect(await rowCount(offices)).toBe(before);
  });

  it('answers 404 problem for an unknown id and for a malformed id 400', async () => {
    const unknown = await admin.get('/api/v1/firms/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect((await admin.get('/api/v1/firms/not-a-uuid')).body.errors[0]).toMatchObject({ field: 'id', location: 'path' });
  });
});

describe('idempotency', () => {
  it('creates one row for the same POST sent twice with one Idempotency-Key', async () => {
    const before = await rowCount(firms);
    const headers = { 'Idempotency-Key': 'create-firm-lyon' };
    const first = await admin.post('/api/v1/firms', { name: 'Cabinet Lyon', services: ['accounting'] }, headers);
    const second = await admin.post('/api/v1/firms', { name: 'Cabinet Lyon', services: ['accounting'] }, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await rowCount(firms)).toBe(before + 1);
  });

  it('answers 422 when the key is reused with another body', async () => {
    const headers = { 'Idempotency-Key': 'create-firm-nantes' };
    expect((await admin.post('/api/v1/firms', { name: 'Cabinet Nantes' }, headers)).status).toBe(201);
    const reused = await admin.post('/api/v1/firms', { name: 'Cabinet Brest' }, headers);
    expect(reused.status).toBe(422);
    expect(reused.headers.get('content-type')).toContain('application/problem+json');
  });

  it('scopes keys per organisation', async () => {
    const headers = { 'Idempotency-Key': 'same-key-two-orgs' };
    const mine = await admin.post('/api/v1/firms', { name: 'Cabinet A' }, headers);
    const theirs = await stranger.post('/api/v1/firms', { name: 'Cabinet A' }, headers);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('releases the key of a rejected request so a corrected retry goes through', async () => {
    const headers = { 'Idempotency-Key': 'fix-and-retry' };
    expect((await admin.post('/api/v1/firms', { name: '' }, headers)).status).toBe(400);
    expect((await admin.post('/api/v1/firms', { name: 'Cabinet Corrigé' }, headers)).status).toBe(201);
  });
});

describe('resources', () => {
  it('lists firms with stable pagination', async () => {
    for (const name of ['P1', 'P2', 'P3']) await admin.post('/api/v1/firms', { name });
    const all = await admin.get('/api/v1/firms?pageSize=200');
    const pageOne = await admin.get('/api/v1/firms?page=1&pageSize=2');
    const pageTwo = await admin.get('/api/v1/firms?page=2&pageSize=2');
    expect(pageOne.body.total).toBe(all.body.total);
    expect([...pageOne.body.items, ...pageTwo.body.items].map((firm: { id: string }) => firm.id)).toEqual(
      all.body.items.slice(0, 4).map((firm: { id: string }) => firm.id),
    );
  });

  it('records every change in the history log, field by field', async () => {
    const firm = await admin.post('/api/v1/firms', { name: 'Cabinet Historique', services: ['accounting'] });
    await admin.patch(`/api/v1/firms/${firm.body.id}`, { name: 'Cabinet Histoire', services: ['accounting', 'legal'] });
    const history = await admin.get(`/api/v1/history?entityType=firm&entityId=${firm.body.id}`);
    expect(history.body.items.map((entry: { action: string; field: string | null }) => [entry.action, entry.field])).toEqual([
      ['create', null],
      ['update', 'name'],
      ['update', 'services'],
    ]);
    expect(history.body.items[1]).toMatchObject({ oldValue: 'Cabinet Historique', newValue: 'Cabinet Histoire', actorUserId: acme.admin.id });
  });

  it('changes only the fields a PATCH sends', async () => {
    const firm = await admin.post('/api/v1/firms', { name: 'Cabinet Partiel', services: ['accounting', 'payroll'] });
    const renamed = await admin.patch(`/api/v1/firms/${firm.body.id}`, { name: 'Cabinet Renommé' });
    expect(renamed.body).toMatchObject({ name: 'Cabinet Renommé', services: ['accounting', 'payroll'] });
    const user = await admin.patch(`/api/v1/users/${acme.collaborator.id}`, { firstName: 'Bruno-Marie' });
    expect(user.body).toMatchObject({ firstName: 'Bruno-Marie', firmIds: [acme.firm.id], canBeSourceSalesperson: true });
    expect(user.body.services).toEqual([...acme.collaborator.services].sort());
  });

  it('keeps the history append-only at the database level', async () => {
    const failure = await database.db.delete(historyEntries).then(() => null, (error: Error) => error);
    expect(String((failure?.cause as Error | undefined)?.message ?? failure?.message)).toMatch(/append-only/);
  });

  it('hides firms from other organisations', async () => {
    const firm = await admin.post('/api/v1/firms', { name: 'Cabinet Secret' });
    await expectHiddenFromOtherOrganisations(admin, stranger, { resourcePath: `/api/v1/firms/${firm.body.id}`, update: { body: { name: 'Pwned' } } });
  });

  it('hides offices from other organisations', async () => {
    const office = await admin.post('/api/v1/offices', { firmId: acme.firm.id, name: 'Bureau de Lille', postalCode: '59000' });
    expect(office.status).toBe(201);
    await expectHiddenFromOtherOrganisations(admin, stranger, { resourcePath: `/api/v1/offices/${office.body.id}`, update: { body: { name: 'Pwned' } } });
  });

  it('hides users from other organisations, including token issuance', async () => {
    await expectHiddenFromOtherOrganisations(admin, stranger, {
      resourcePath: `/api/v1/users/${acme.collaborator.id}`,
      update: { body: { firstName: 'Pwned' } },
      actions: [{ method: 'POST', path: `/api/v1/users/${acme.collaborator.id}/tokens`, body: { name: 'steal' } }],
    });
  });

  it('never shows another organisation’s history', async () => {
    const history = await stranger.get(`/api/v1/history?entityType=user&entityId=${acme.collaborator.id}`);
    expect(history.body.total).toBe(0);
  });
});
