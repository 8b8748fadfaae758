/**
 * The missions API through the app itself, without Temporal: drafts, validation problems,
 * frozen content, the forecast (literally in 2026: it is pure computation), tenancy, and the
 * development clock's visibility. The workflow-driven commands are covered by the *.workflow tests.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.ts';
import type { Database } from '../../db/client.ts';
import type { historyEntries as HistoryTable } from '../../db/schema/index.ts';
import { historyEntries, missionLines, missions } from '../../db/schema/index.ts';
import { validateMission } from '../../domain/missions/validate-mission.ts';
import { expectHiddenFromOtherOrganisations } from '../support/cross-organisation.ts';
import { adminActor, seedQuarterlyTaskService, seedVatService } from '../support/seed-catalogue.ts';
import { seedClient } from '../support/seed-clients.ts';
import { seedOrganisation, type SeededOrganisation } from '../support/seed.ts';
import { apiClient, createTestApp, type ApiClient } from '../support/test-app.ts';
import { createTestDatabase } from '../support/test-database.ts';

let database: Database;
let app: App;
let acme: SeededOrganisation;
let other: SeededOrganisation;
let api: ApiClient;
let stranger: ApiClient;
let vat: { id: string };
let review: { id: string };
let client: Awaited<ReturnType<typeof seedClient>>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database);
  acme = await seedOrganisation(database.db, 'Acme');
  other = await seedOrganisation(database.db, 'Other');
  api = apiClient(app, acme.collaboratorToken);
  stranger = apiClient(app, other.adminToken);
  [vat, review, client] = await Promise.all([seedVatService(database.db, acme), seedQuarterlyTaskService(database.db, acme), seedClient(database.db, acme)]);
});
afterAll(async () => database?.close());

const vatLine = () => ({ serviceId: vat.id, frequency: 'monthly', deadlineRule: { kind: 'day-of-month', day: 30 }, leadTimeDays: 10 });
const mission2026 = (overrides: Record<string, unknown> = {}) => ({
  clientId: client.id,
  name: 'TVA 2026',
  startDate: '2026-01-01',
  endDate: '2026-12-31',
  lines: [vatLine(), { serviceId: review.id, frequency: 'quarterly', deadlineRule: { kind: 'end-of-period' } }],
  ...overrides,
});
const rowCounts = () =>
  Promise.all([missions, missionLines, historyEntries].map(async (table) => (await database.db.select({ n: count() }).from(table as typeof HistoryTable))[0]!.n));

describe('drafts', () => {
  it('creates a draft with its lines in order; the assignee and the firm default from the client', async () => {
    const created = await api.post('/api/v1/missions', mission2026());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      clientId: client.id,
      firmId: acme.firm.id,
      assigneeUserId: client.holderUserId,
      createPastOccurrences: false,
      workflowId: `mission/${created.body.id}`,
    });
    expect(created.body.lines.map((line: { serviceId: string }) => line.serviceId)).toEqual([vat.id, review.id]);
    expect(created.body.lines[0]).toMatchObject({ leadTimeDays: 10, effectiveLeadTimeDays: 10, priceCents: null, effectivePriceCents: 9000, serviceLabel: 'TVA mensuelle' });
    expect(created.body.lines[1]).toMatchObject({ leadTimeDays: null, effectiveLeadTimeDays: 15, quantity: 1 });
    const history = await api.get(`/api/v1/history?entityType=mission&entityId=${created.body.id}`);
    expect(history.body.items).toMatchObject([{ action: 'create', actorUserId: acme.collaborator.id }]);
    expect((await api.get(`/api/v1/missions/${created.body.id}`)).body).toEqual(created.body);
  });

  it('refuses invalid input with one 400 naming each field, and writes nothing', async () => {
    const [foreignClient, foreignService] = await Promise.all([seedClient(database.db, other), seedVatService(database.db, other)]);
    const before = await rowCounts();
    const invalid = await api.post(
      '/api/v1/missions',
      mission2026({
        startDate: '2026-12-31',
        endDate: '2026-01-01',
        lines: [
          { ...vatLine(), leadTimeDays: -3 },
          { ...vatLine(), frequency: 'fortnightly' },
        ],
      }),
    );
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toContain('application/problem+json');
    expect(invalid.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['endDate', 'lines.0.leadTimeDays', 'lines.1.frequency']);

    const unknownService = await api.post('/api/v1/missions', mission2026({ lines: [{ ...vatLine(), serviceId: '00000000-0000-4000-8000-000000000000' }] }));
    expect(unknownService.status).toBe(400);
    expect(unknownService.body.errors).toEqual([expect.objectContaining({ field: 'lines.0.serviceId', message: 'unknown or archived service' })]);

    const foreign = await api.post('/api/v1/missions', mission2026({ clientId: foreignClient.id, lines: [{ ...vatLine(), serviceId: foreignService.id }] }));
    expect(foreign.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['clientId', 'lines.0.serviceId']);

    const rules = await api.post(
      '/api/v1/missions',
      mission2026({
        lines: [
          { ...vatLine(), frequency: 'weekly' },
          { ...vatLine(), frequency: 'one-off' },
          { ...vatLine(), firstDeadline: '2027-03-01' },
        ],
      }),
    );
    expect(rules.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['lines.0.deadlineRule', 'lines.1.quantity', 'lines.2.firstDeadline']);
    expect(await rowCounts()).toEqual(before);
  });

  it('edits a draft, and refuses to edit it once validated (content frozen)', async () => {
    const { body: draft } = await api.post('/api/v1/missions', mission2026());
    const edited = await api.patch(`/api/v1/missions/${draft.id}`, { name: 'TVA 2026 (corrigée)', endDate: '2026-06-30', lines: [vatLine()] });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ name: 'TVA 2026 (corrigée)', endDate: '2026-06-30' });
    expect(edited.body.lines).toHaveLength(1);
    expect((await api.patch(`/api/v1/missions/${draft.id}`, { endDate: '2025-12-01' })).body.errors).toEqual([expect.objectContaining({ field: 'endDate' })]);

    const validated = await validateMission(database.db, adminActor(acme), draft.id, new Date());
    // Validation froze the catalogue's lead time and price into the line.
    expect(validated.lines[0]).toMatchObject({ leadTimeDays: 10, priceCents: 9000 });
    const refused = await api.patch(`/api/v1/missions/${draft.id}`, { name: 'Trop tard' });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    // RFC 9457: `status` is the HTTP status; the mission's own status travels as `missionStatus`.
    expect(refused.body).toMatchObject({ status: 409, reason: 'mission_status_conflict', missionStatus: 'validated', command: 'edit' });
    expect((await api.get(`/api/v1/missions/${draft.id}`)).body.name).toBe('TVA 2026 (corrigée)');
  });

  it('lists missions by client and status', async () => {
    const otherClient = await seedClient(database.db, acme, { name: 'Garage Durand', siren: null, siret: null });
    const { body: mine } = await api.post('/api/v1/missions', mission2026({ clientId: otherClient.id }));
    const listed = await api.get(`/api/v1/missions?clientId=${otherClient.id}&status=draft`);
    expect(listed.body).toMatchObject({ total: 1, items: [{ id: mine.id }] });
    // The read of one mission (one joined query) and the list (lines attached per page) agree.
    expect(listed.body.items).toEqual([(await api.get(`/api/v1/missions/${mine.id}`)).body]);
    expect((await api.get(`/api/v1/missions?clientId=${otherClient.id}&status=active`)).body.total).toBe(0);
  });

  it('answers 503 for workflow commands when Temporal is not connected, and changes nothing', async () => {
    const { body: draft } = await api.post('/api/v1/missions', mission2026());
    const response = await api.post(`/api/v1/missions/${draft.id}/validate`);
    expect(response.status).toBe(503);
    expect((await api.get(`/api/v1/missions/${draft.id}`)).body.status).toBe('draft');
  });
});

describe('forecast', () => {
  it('lists the 2026 VAT requests of a mission signed on 2026-01-05: the 30th or the month’s last business day before, 10 days ahead', async () => {
    const { body: draft } = await api.post('/api/v1/missions', mission2026({ lines: [vatLine()] }));
    const forecast = await api.get(`/api/v1/missions/${draft.id}/forecast?signedOn=2026-01-05`);
    expect(forecast.status, JSON.stringify(forecast.body)).toBe(200);
    expect(forecast.body).toMatchObject({ signedOn: '2026-01-05', signed: false, until: '2026-12-31' });
    expect(forecast.body.occurrences.map((o: { deadline: string; createOn: string }) => [o.deadline, o.createOn])).toEqual([
      ['2026-01-30', '2026-01-20'],
      ['2026-02-27', '2026-02-17'], // 02-28 is a Saturday
      ['2026-03-30', '2026-03-20'],
      ['2026-04-30', '2026-04-20'],
      ['2026-05-29', '2026-05-19'], // 05-30 is a Saturday
      ['2026-06-30', '2026-06-20'],
      ['2026-07-30', '2026-07-20'],
      ['2026-08-28', '2026-08-18'], // 08-30 is a Sunday
      ['2026-09-30', '2026-09-20'],
      ['2026-10-30', '2026-10-20'],
      ['2026-11-30', '2026-11-20'],
      ['2026-12-30', '2026-12-20'],
    ]);
    expect(forecast.body.occurrences[0]).toMatchObject({ createAt: '2026-01-19T23:00:00.000Z', status: 'planned', serviceLabel: 'TVA mensuelle', overdueAtSignature: false });
    expect(forecast.body.occurrences[6].createAt).toBe('2026-07-19T22:00:00.000Z'); // summer time

    const late = await api.get(`/api/v1/missions/${draft.id}/forecast?signedOn=2026-04-10&until=2026-06-30`);
    expect(late.body.occurrences.map((o: { deadline: string }) => o.deadline)).toEqual(['2026-04-30', '2026-05-29', '2026-06-30']);
  });

  it('moves deadlines off French public holidays: 2026-05-01 to 04-30, 2026-12-25 to 12-24', async () => {
    const { body: draft } = await api.post(
      '/api/v1/missions',
      mission2026({
        createPastOccurrences: true,
        lines: [
          { serviceId: review.id, frequency: 'yearly', deadlineRule: { kind: 'day-of-month', day: 1 }, firstDeadline: '2026-05-01' },
          { serviceId: vat.id, frequency: 'monthly', deadlineRule: { kind: 'day-of-month', day: 25 }, leadTimeDays: 5 },
        ],
      }),
    );
    const forecast = await api.get(`/api/v1/missions/${draft.id}/forecast?signedOn=2026-01-20`);
    const deadlinesOf = (serviceId: string) => forecast.body.occurrences.filter((o: { serviceId: string }) => o.serviceId === serviceId).map((o: { deadline: string }) => o.deadline);
    expect(deadlinesOf(review.id)).toEqual(['2026-04-30']); // Labour Day, a Friday
    expect(deadlinesOf(vat.id).at(-1)).toBe('2026-12-24'); // Christmas, a Friday
    // Signed on 01-20: the 01-23 request (01-25 is a Sunday), due for creation on 01-18, is created at once.
    expect(forecast.body.occurrences[0]).toMatchObject({ deadline: '2026-01-23', createOn: '2026-01-18', createAtSignature: true, createAt: '2026-01-19T23:00:00.000Z' });
  });

  it('refuses a malformed date, naming the query field', async () => {
    const { body: draft } = await api.post('/api/v1/missions', mission2026());
    const response = await api.get(`/api/v1/missions/${draft.id}/forecast?until=2026-02-30`);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'until', location: 'query' })]);
  });
});

describe('tenancy and documentation', () => {
  it("hides a mission, its actions, forecast, state and occurrences from other organisations", async () => {
    const { body: draft } = await api.post('/api/v1/missions', mission2026());
    const path = `/api/v1/missions/${draft.id}`;
    await expectHiddenFromOtherOrganisations(api, stranger, {
      resourcePath: path,
      update: { body: { name: 'Pwned' } },
      deletable: false,
      actions: [
        ...['validate', 'send-for-signature', 'finish', 'cancel'].map((action) => ({ method: 'POST', path: `${path}/${action}`, body: {} })),
        { method: 'POST', path: `${path}/sign`, body: { signer: 'Mallory' } },
        { method: 'POST', path: `${path}/amend`, body: { remove: [draft.lines[0].id] } },
        { method: 'GET', path: `${path}/forecast` },
        { method: 'GET', path: `${path}/state` },
        { method: 'GET', path: `${path}/occurrences` },
      ],
    });
  });

  it('documents the mission routes in a valid OpenAPI document; the dev clock only exists on the dev server', async () => {
    const document = await apiClient(app).get('/api/openapi.json');
    const result = await new Validator().validate(document.body);
    expect(result.errors ?? []).toEqual([]);
    expect(Object.keys(document.body.paths)).toEqual(expect.arrayContaining(['/api/v1/missions/{id}/forecast', '/api/v1/missions/{id}/amend']));
    expect(Object.keys(document.body.paths)).not.toContain('/api/v1/dev/clock/advance');
    expect((await apiClient(app, acme.adminToken).post('/api/v1/dev/clock/advance', { days: 30 })).status).toBe(404);
  });

  it('lets an admin advance the dev server clock, and no one else', async () => {
    let now = Date.parse('2026-11-22T12:00:00Z');
    const devApp = createTestApp(database, {
      devClock: {
        now: async () => new Date(now).toISOString(),
        advance: async (ms) => {
          now += ms;
          return { now: new Date(now).toISOString() };
        },
      },
    });
    const admin = apiClient(devApp, acme.adminToken);
    const advanced = await admin.post('/api/v1/dev/clock/advance', { days: 30 });
    expect(advanced.body).toEqual({ now: '2026-12-22T12:00:00.000Z', advancedMs: 30 * 24 * 3_600_000 });
    expect((await admin.get('/api/v1/dev/clock')).body).toEqual({ now: '2026-12-22T12:00:00.000Z' });
    expect((await apiClient(devApp, acme.collaboratorToken).post('/api/v1/dev/clock/advance', { days: 1 })).status).toBe(403);
    expect((await admin.post('/api/v1/dev/clock/advance', { days: -1 })).body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'days' })]));
    // The forecast's "today" is the dev clock's.
    const { body: draft } = await apiClient(devApp, acme.collaboratorToken).post('/api/v1/missions', mission2026({ startDate: '2026-12-01', endDate: '2027-03-31', lines: [vatLine()] }));
    const forecast = await apiClient(devApp, acme.collaboratorToken).get(`/api/v1/missions/${draft.id}/forecast`);
    expect(forecast.body.signedOn).toBe('2026-12-22');
    expect(forecast.body.occurrences.map((o: { deadline: string }) => o.deadline)).toEqual(['2026-12-30', '2027-01-29', '2027-02-26', '2027-03-30']);
  });
});
