import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.ts';
import type { Database } from '../../db/client.ts';
import { clients, historyEntries, serviceRequests, tasks } from '../../db/schema/index.ts';
import { seedClientWithPortalAccess } from '../support/seed-clients.ts';
import { seedOpenInformationRequest } from '../support/seed-work.ts';
import { seedOrganisation, type SeededOrganisation } from '../support/seed.ts';
import { apiClient, createTestApp, type ApiClient } from '../support/test-app.ts';
import { createTestDatabase } from '../support/test-database.ts';

let database: Database;
let app: App;
let acme: SeededOrganisation;
let staff: ApiClient;
let portal: ApiClient;
let clientId: string;
let portalToken: string;
let requestId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database);
  acme = await seedOrganisation(database.db, 'Acme');
  staff = apiClient(app, acme.adminToken);
  const access = await seedClientWithPortalAccess(database.db, acme);
  clientId = access.client.id;
  portalToken = access.portalToken;
  portal = apiClient(app, portalToken);
  requestId = (await seedOpenInformationRequest(database.db, acme, clientId, { expectsFiles: false, expectsText: true })).id;
});
afterAll(async () => database?.close());

const rows = async () => ({
  clients: (await database.db.select({ n: count() }).from(clients))[0]!.n,
  tasks: (await database.db.select({ n: count() }).from(tasks))[0]!.n,
  serviceRequests: (await database.db.select({ n: count() }).from(serviceRequests))[0]!.n,
  history: (await database.db.select({ n: count() }).from(historyEntries))[0]!.n,
});

function expectFieldProblem(response: { status: number; body: any; headers: Headers }, field: string, location: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(400);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body.status).toBe(400);
  expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, location })]));
}

describe('one rule for every text field and every date, at the validation edge', () => {
  it('refuses a NUL character in a client portal message with a 400 naming the field, writing nothing', async () => {
    const before = await rows();
    expectFieldProblem(await portal.post('/api/v1/portal/service-requests', { message: 'a\u0000b' }), 'message', 'body');
    expect(await rows()).toEqual(before);
  });

  it('refuses a NUL character in a search query with a 400 naming the parameter', async () => {
    expectFieldProblem(await staff.get('/api/v1/clients?search=%00'), 'search', 'query');
  });

  it('refuses NUL, ESC and BEL in a name, and a line break in a name, writing nothing', async () => {
    const before = await rows();
    for (const name of ['a\u0000b', 'Boulangerie \u001b[31mMartin', 'Boulangerie\u0007', 'Boulangerie\nMartin']) {
      expectFieldProblem(await staff.post('/api/v1/clients', { kind: 'company', name }), 'name', 'body');
    }
    expect(await rows()).toEqual(before);
  });

  it('keeps line breaks and tabs in long texts', async () => {
    const response = await portal.post('/api/v1/portal/service-requests', { message: 'Bonjour,\n\tpouvez-vous me rappeler ?\r\nMerci' });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
  });

  it('refuses a NUL character in the export’s filter before any byte of the spreadsheet is sent', async () => {
    const response = await staff.get('/api/v1/prospects/export.xlsx?companyName=%00');
    expectFieldProblem(response, 'companyName', 'query');
  });

  it('refuses a year-0 due date and a year-99999 one with a 400 naming the field, writing nothing', async () => {
    const before = await rows();
    for (const dueDate of ['0000-01-01', '0001-01-01', '9999-12-31']) {
      expectFieldProblem(await staff.post('/api/v1/tasks', { clientId, title: 'Bilan', dueDate }), 'dueDate', 'body');
    }
    expectFieldProblem(await staff.get('/api/v1/tasks?dueFrom=0000-01-01'), 'dueFrom', 'query');
    expect(await rows()).toEqual(before);
  });

  it('refuses a NUL character in a multipart text field, naming it', async () => {
    const form = new FormData();
    form.append('text', 'a\u0000b');
    const response = await app.request(`/api/v1/portal/information-requests/${requestId}/answers`, { method: 'POST', headers: { Authorization: `Bearer ${portalToken}` }, body: form });
    expectFieldProblem({ status: response.status, body: await response.json(), headers: response.headers }, 'text', 'body');
  });
});

describe('Idempotency-Key', () => {
  it('refuses a key longer than the documented 255 characters, naming the header, writing nothing', async () => {
    const before = await rows();
    const response = await staff.post('/api/v1/tasks', { clientId, title: 'Bilan' }, { 'Idempotency-Key': 'k'.repeat(256) });
    expectFieldProblem(response, 'idempotency-key', 'header');
    expect(await rows()).toEqual(before);
    expect((await staff.post('/api/v1/tasks', { clientId, title: 'Bilan' }, { 'Idempotency-Key': 'k'.repeat(255) })).status).toBe(201);
  });
});
