import { Writable } from 'node:stream';
import { Hono } from 'hono';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.ts';
import type { AppDeps, AppEnv } from '../../api/context.ts';
import { streamedFileResponse } from '../../api/file-response.ts';
import type { Database } from '../../db/client.ts';
import { seedClientWithPortalAccess } from '../support/seed-clients.ts';
import { seedOpenInformationRequest } from '../support/seed-work.ts';
import { seedOrganisation, type SeededOrganisation } from '../support/seed.ts';
import { apiClient, createTestApp } from '../support/test-app.ts';
import { createTestDatabase } from '../support/test-database.ts';

let database: Database;
let app: App;
let acme: SeededOrganisation;
let portalToken: string;
let clientId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database);
  acme = await seedOrganisation(database.db, 'Acme');
  const access = await seedClientWithPortalAccess(database.db, acme);
  portalToken = access.portalToken;
  clientId = access.client.id;
});
afterAll(async () => database?.close());

describe('one download helper for every file route', () => {
  it('serves a client’s answer file with the stored, neutralised type, nosniff and the sandbox CSP, never the declared HTML', async () => {
    const request = await seedOpenInformationRequest(database.db, acme, clientId);
    const form = new FormData();
    form.append('files[]', new File(['<script>alert(document.cookie)</script>'], 'facture.html', { type: 'text/html' }));
    const answered = await app.request(`/api/v1/portal/information-requests/${request.id}/answers`, { method: 'POST', headers: { Authorization: `Bearer ${portalToken}` }, body: form });
    expect(answered.status).toBe(201);
    const detail = await apiClient(app, acme.adminToken).get(`/api/v1/information-requests/${request.id}`);
    const answerId = detail.body.answers[0].id as string;
    const download = await app.request(`/api/v1/information-requests/${request.id}/answers/${answerId}/files/0`, { headers: { Authorization: `Bearer ${acme.adminToken}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/octet-stream');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="facture.html"/);
    expect(await download.text()).toContain('<script>');
  });

  it('serves generated files (the prospects export) with the same protections', async () => {
    const response = await apiClient(app, acme.adminToken).get('/api/v1/prospects/export.xlsx');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="prospects-\d{4}-\d{2}-\d{2}\.xlsx"/);
  });
});

describe('streamed files that fail', () => {
  function streamingApp(produce: (output: Writable) => Promise<void>) {
    const lines: string[] = [];
    const logger = pino({ level: 'error' }, new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) }));
    const hono = new Hono<AppEnv>();
    hono.use('*', async (c, next) => {
      c.set('deps', { logger } as unknown as AppDeps);
      c.set('requestId', 'req-1');
      await next();
    });
    hono.get('/file', (c) => streamedFileResponse(c, { name: 'export.xlsx', mediaType: 'application/octet-stream' }, produce));
    hono.onError((_error, c) => c.json({ status: 503 }, 503));
    return { hono, lines };
  }

  it('answers a problem, not a reset connection, when the export fails before its first byte', async () => {
    const { hono } = streamingApp(async () => {
      throw new Error('query failed');
    });
    const response = await hono.request('/file');
    expect(response.status).toBe(503);
  });

  it('logs a failure after the first bytes and aborts the transfer instead of presenting a truncated file as complete', async () => {
    const { hono, lines } = streamingApp(async (output) => {
      output.write(Buffer.from('PK first bytes'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('database went away');
    });
    const response = await hono.request('/file');
    expect(response.status).toBe(200);
    await expect(response.arrayBuffer()).rejects.toThrow();
    expect(lines.join('')).toMatch(/streamed response failed midway.*|database went away/);
    expect(lines.some((line) => line.includes('"requestId":"req-1"'))).toBe(true);
  });
});
