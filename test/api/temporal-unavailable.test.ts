import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.ts';
import type { Database } from '../../db/client.ts';
import { createMission } from '../../domain/missions/create-mission.ts';
import { adminActor, seedVatService } from '../support/seed-catalogue.ts';
import { seedClient } from '../support/seed-clients.ts';
import { seedOrganisation, type SeededOrganisation } from '../support/seed.ts';
import { apiClient, createTestApp } from '../support/test-app.ts';
import { createTestDatabase } from '../support/test-database.ts';

let database: Database;
let app: App;
let acme: SeededOrganisation;
let connection: Connection;

beforeAll(async () => {
  database = await createTestDatabase();
  // A Temporal frontend that is down: nothing listens on port 1.
  connection = Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500 });
  const client = new Client({ connection });
  app = createTestApp(database, { temporal: { client, taskQueue: 'echeance-test', ping: async () => void (await connection.workflowService.getSystemInfo({})) } });
  acme = await seedOrganisation(database.db, 'Acme');
});
afterAll(async () => {
  await connection?.close().catch(() => undefined);
  await database?.close();
});

describe('while Temporal is down', () => {
  it('answers a mission’s state with 503 and Retry-After, not 500', async () => {
    const client = await seedClient(database.db, acme);
    const service = await seedVatService(database.db, acme);
    const mission = await createMission(database.db, adminActor(acme), {
      clientId: client.id,
      name: 'Rappel TVA',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      createPastOccurrences: false,
      lines: [{ serviceId: service.id, frequency: 'monthly', deadlineRule: { kind: 'day-of-month', day: 20 }, leadTimeDays: 10 }],
    } as Parameters<typeof createMission>[2]);
    const response = await apiClient(app, acme.adminToken).get(`/api/v1/missions/${mission.id}/state`);
    expect(response.status, JSON.stringify(response.body)).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body.status).toBe(503);
  });

  it('answers /readyz 503 naming Temporal', async () => {
    const response = await app.request('/readyz');
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ checks: { temporal: { ok: false } } });
  });
});
