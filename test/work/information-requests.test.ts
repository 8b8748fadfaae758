import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalDocumentStorage } from '../../adapters/storage/local-document-storage.ts';
import { historyEntries, informationRequests } from '../../db/schema/index.ts';
import { expectHiddenFromOtherOrganisations } from '../support/cross-organisation.ts';
import { seedClient, seedClientWithPortalAccess } from '../support/seed-clients.ts';
import { seedActiveMission } from '../support/seed-missions.ts';
import { seedOpenInformationRequest } from '../support/seed-work.ts';
import { apiClient } from '../support/test-app.ts';
import { twoOrganisations } from '../support/two-organisations.ts';

const storageRoot = await mkdtemp(join(tmpdir(), 'echeance-requests-'));
const { database, app, acme, other, admin, collaborator, stranger } = await twoOrganisations({ app: { documentStorage: new LocalDocumentStorage({ root: storageRoot }) } });
afterAll(async () => rm(storageRoot, { recursive: true, force: true }));

const rowCounts = async () =>
  Promise.all([informationRequests, historyEntries].map(async (table) => (await database.db.select({ n: count() }).from(table))[0]!.n));
const idsOf = (response: { body: { items: Array<{ id: string }> } }) => response.body.items.map((item) => item.id);

describe('information request lifecycle', () => {
  it('goes open → answered → closed → reopened, refusing what its state forbids', async () => {
    const { client, portalToken } = await seedClientWithPortalAccess(database.db, acme);
    const created = await collaborator.post('/api/v1/information-requests', {
      clientId: client.id,
      message: 'Merci de nous indiquer le nombre de salariés au 31/12',
      expectsText: true,
      dueDate: '2026-01-15',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'open', title: 'Merci de nous indiquer le nombre de salariés au 31/12', answers: [] });
    const path = `/api/v1/information-requests/${created.body.id}`;
    expect((await admin.post(`${path}/reopen`)).status).toBe(409);

    const answered = await apiClient(app, portalToken).post(`/api/v1/portal/information-requests/${created.body.id}/answers`, { text: '12 salariés' });
    expect(answered.status).toBe(201);
    const afterAnswer = await admin.get(path);
    expect(afterAnswer.body).toMatchObject({ status: 'answered', answeredAt: expect.any(String) });
    expect(afterAnswer.body.answers).toEqual([expect.objectContaining({ text: '12 salariés', contactName: 'Claire Martin', files: [] })]);

    const closed = await admin.post(`${path}/close`);
    expect(closed.body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    expect((await admin.post(`${path}/close`)).status).toBe(409);
    expect((await apiClient(app, portalToken).post(`/api/v1/portal/information-requests/${created.body.id}/answers`, { text: '13' })).status).toBe(409);

    const reopened = await admin.post(`${path}/reopen`);
    expect(reopened.body).toMatchObject({ status: 'open', closedAt: null });
    expect((await apiClient(app, portalToken).post(`/api/v1/portal/information-requests/${created.body.id}/answers`, { text: '13 salariés' })).status).toBe(201);

    const history = await admin.get(`/api/v1/history?entityType=information_request&entityId=${created.body.id}&pageSize=200`);
    const statusChanges = history.body.items
      .filter((entry: { field: string }) => entry.field === 'status')
      .map((entry: { oldValue: string; newValue: string; actorLabel: string }) => [entry.oldValue, entry.newValue, entry.actorLabel]);
    expect(statusChanges).toEqual([
      ['open', 'answered', 'portal: Claire Martin'],
      ['answered', 'closed', 'Alice Admin'],
      ['closed', 'open', 'Alice Admin'],
      ['open', 'answered', 'portal: Claire Martin'],
    ]);
  });

  it('refuses a request that expects nothing, or a contact of another client, naming the field, and writes nothing', async () => {
    const client = await seedClient(database.db, acme);
    const otherClient = await seedClient(database.db, acme);
    const before = await rowCounts();
    const nothing = await admin.post('/api/v1/information-requests', { clientId: client.id, message: 'Rien ?' });
    expect(nothing.status).toBe(400);
    expect(nothing.body.errors).toEqual([expect.objectContaining({ field: 'expectsFiles' })]);
    const wrongContact = await admin.post('/api/v1/information-requests', {
      clientId: client.id,
      contactId: otherClient.contacts[0]!.id,
      message: 'Vos relevés',
      expectsFiles: true,
    });
    expect(wrongContact.status).toBe(400);
    expect(wrongContact.body.errors).toEqual([expect.objectContaining({ field: 'contactId' })]);
    const foreign = await admin.post('/api/v1/information-requests', { clientId: (await seedClient(database.db, other)).id, message: 'Vos relevés', expectsFiles: true });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors).toEqual([expect.objectContaining({ field: 'clientId' })]);
    const [requestsNow] = await rowCounts();
    expect(requestsNow).toBe(before[0]);
  });
});

describe('information request list', () => {
  it('filters by client, status, due range and mission, soonest due first', async () => {
    const bakery = await seedClient(database.db, acme, { name: 'Boulangerie' });
    const garage = await seedClient(database.db, acme, { name: 'Garage' });
    const mission = await seedActiveMission(database.db, acme, { clientId: bakery.id, name: 'TVA 2026' });
    const january = await seedOpenInformationRequest(database.db, acme, bakery.id, { dueDate: '2026-01-20', missionId: mission.id });
    const february = await seedOpenInformationRequest(database.db, acme, bakery.id, { dueDate: '2026-02-20', status: 'answered' });
    const march = await seedOpenInformationRequest(database.db, acme, garage.id, { dueDate: '2026-03-20', status: 'closed' });
    const list = (query: string) => admin.get(`/api/v1/information-requests?pageSize=200&${query}`);
    expect(idsOf(await list(`clientId=${bakery.id}`))).toEqual([january.id, february.id]);
    expect(idsOf(await list(`clientId=${bakery.id}&status=answered`))).toEqual([february.id]);
    expect(idsOf(await list('dueFrom=2026-02-01&dueTo=2026-03-31')).filter((id: string) => [january.id, february.id, march.id].includes(id))).toEqual([february.id, march.id]);
    expect(idsOf(await list(`missionId=${mission.id}`))).toEqual([january.id]);
    expect((await list(`clientId=${garage.id}`)).body.items[0]).toMatchObject({ clientName: 'Garage', status: 'closed' });
  });

  it('hides information requests from other organisations', async () => {
    const client = await seedClient(database.db, acme);
    const request = await seedOpenInformationRequest(database.db, acme, client.id);
    await expectHiddenFromOtherOrganisations(admin, stranger, {
      resourcePath: `/api/v1/information-requests/${request.id}`,
      deletable: false,
      actions: [
        { method: 'POST', path: `/api/v1/information-requests/${request.id}/close` },
        { method: 'POST', path: `/api/v1/information-requests/${request.id}/reopen` },
      ],
    });
    expect(idsOf(await stranger.get(`/api/v1/information-requests?clientId=${client.id}`))).toEqual([]);
  });
});
