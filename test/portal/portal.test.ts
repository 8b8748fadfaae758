import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { Validator } from '@seriousme/openapi-schema-validator';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalDocumentStorage } from '../../adapters/storage/local-document-storage.ts';
import { createRouter } from '../../api/create-router.ts';
import { catalogueRouter } from '../../api/routes/catalogue/catalogue.index.ts';
import { clientsRouter } from '../../api/routes/clients/clients.index.ts';
import { informationRequestsRouter } from '../../api/routes/information-requests/information-requests.index.ts';
import { portalRouter } from '../../api/routes/portal/portal.index.ts';
import { tasksRouter } from '../../api/routes/tasks/tasks.index.ts';
import { archiveService } from '../../domain/catalogue/archive-service.ts';
import { informationRequestAnswers, serviceRequests, tasks } from '../../db/schema/index.ts';
import { adminActor, seedVatService } from '../support/seed-catalogue.ts';
import { seedClientWithPortalAccess } from '../support/seed-clients.ts';
import { seedOpenInformationRequest, seedTodoTask } from '../support/seed-work.ts';
import { apiClient, createTestApp } from '../support/test-app.ts';
import { twoOrganisations } from '../support/two-organisations.ts';

const storageRoot = await mkdtemp(join(tmpdir(), 'echeance-portal-'));
const { database, app, acme, other, admin } = await twoOrganisations({ app: { documentStorage: new LocalDocumentStorage({ root: storageRoot }) } });
afterAll(async () => rm(storageRoot, { recursive: true, force: true }));

/** Posts a multipart answer as a browser form would. */
async function postForm(token: string, path: string, fields: { text?: string; files?: Array<{ name: string; type: string; content: string }> }) {
  const form = new FormData();
  if (fields.text !== undefined) form.append('text', fields.text);
  for (const file of fields.files ?? []) form.append('files[]', new File([file.content], file.name, { type: file.type }));
  const response = await app.request(path, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  return { status: response.status, body: await response.json() };
}

const answerCount = async () => (await database.db.select({ n: count() }).from(informationRequestAnswers))[0]!.n;
async function storedFiles(): Promise<string[]> {
  const entries = await readdir(storageRoot, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('portal authentication', () => {
  it('answers 401 without a token, with an unknown token and with a staff token', async () => {
    for (const token of [undefined, 'ecp_unknown', acme.adminToken]) {
      const response = await apiClient(app, token).get('/api/v1/portal/me');
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('accepts the token of the link sent by email and shows who is signed in', async () => {
    const { client, contact, portalUrl } = await seedClientWithPortalAccess(database.db, acme);
    const token = new URL(portalUrl).searchParams.get('token')!;
    const response = await apiClient(app).get(`/api/v1/portal/me?token=${encodeURIComponent(token)}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      client: { id: client.id, name: 'Boulangerie Martin' },
      contact: { id: contact.id, civility: 'Mme', firstName: 'Claire', lastName: 'Martin', email: 'claire@boulangerie-martin.test', mobile: '+33612345678' },
    });
  });

  it('stops accepting a token once it is rotated, and never accepts a portal token on staff routes', async () => {
    const { client, contact, portalToken } = await seedClientWithPortalAccess(database.db, acme);
    expect((await apiClient(app, portalToken).get('/api/v1/clients')).status).toBe(401);
    const rotated = await admin.post(`/api/v1/clients/${client.id}/contacts/${contact.id}/portal-token`);
    expect((await apiClient(app, portalToken).get('/api/v1/portal/me')).status).toBe(401);
    expect((await apiClient(app, rotated.body.token).get('/api/v1/portal/me')).status).toBe(200);
  });
});

describe('what the portal shows', () => {
  it('lists the client’s information requests and never its tasks, on any portal route', async () => {
    const { client, portalToken } = await seedClientWithPortalAccess(database.db, acme);
    const task = await seedTodoTask(database.db, acme, client.id, { title: 'Tâche interne confidentielle', assigneeUserId: acme.collaborator.id });
    const request = await seedOpenInformationRequest(database.db, acme, client.id);
    const portal = apiClient(app, portalToken);

    const list = await portal.get('/api/v1/portal/information-requests');
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([request.id]);
    expect(Object.keys(list.body.items[0]).sort()).toEqual(['answeredAt', 'closedAt', 'createdAt', 'dueDate', 'expectsFiles', 'expectsText', 'id', 'message', 'status', 'title']);

    const responses = await Promise.all([
      portal.get('/api/v1/portal/me'),
      portal.get('/api/v1/portal/information-requests?status=open'),
      portal.get(`/api/v1/portal/information-requests/${request.id}`),
      portal.get('/api/v1/portal/service-requests'),
      portal.get(`/api/v1/portal/tasks`),
      portal.get(`/api/v1/portal/tasks/${task.id}`),
      portal.get(`/api/v1/portal/information-requests/${task.id}`),
    ]);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 404, 404, 404]);
    for (const response of responses.slice(0, 4)) {
      expect(response.text).not.toContain(task.id);
      expect(response.text).not.toContain('Tâche interne');
      expect(response.text).not.toContain(acme.collaborator.id);
    }

    const portalPaths = Object.keys(portalRouter.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'portal', version: '1' } }).paths ?? {});
    expect(portalPaths).toContain('/portal/information-requests/{id}/answers');
    expect(portalPaths.filter((path) => /task/i.test(path))).toEqual([]);
  });

  it('documents the portal and staff work routes in a valid OpenAPI 3.1 document', async () => {
    const docs = createRouter();
    for (const router of [catalogueRouter, clientsRouter, tasksRouter, informationRequestsRouter, portalRouter]) docs.route('/api/v1', router);
    const document = docs.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'Échéance part A', version: '1' } });
    const result = await new Validator().validate(JSON.parse(JSON.stringify(document)));
    expect(result.errors ?? []).toEqual([]);
    expect(document.components?.securitySchemes).toHaveProperty('portalToken');
    expect(document.paths?.['/api/v1/portal/information-requests/{id}/answers']?.post?.requestBody).toBeDefined();
  });

  it('answers 404 to another client’s token on a client’s request, and shows only its own list', async () => {
    const mine = await seedClientWithPortalAccess(database.db, acme, { name: 'Ma société' });
    const neighbour = await seedClientWithPortalAccess(database.db, acme, { name: 'Le voisin' });
    const foreigner = await seedClientWithPortalAccess(database.db, other, { name: 'Ailleurs' });
    const request = await seedOpenInformationRequest(database.db, acme, mine.client.id);
    for (const intruder of [neighbour.portalToken, foreigner.portalToken]) {
      const portal = apiClient(app, intruder);
      expect((await portal.get(`/api/v1/portal/information-requests/${request.id}`)).status).toBe(404);
      const before = await answerCount();
      const answer = await postForm(intruder, `/api/v1/portal/information-requests/${request.id}/answers`, { files: [{ name: 'vol.pdf', type: 'application/pdf', content: 'x' }] });
      expect(answer.status).toBe(404);
      expect(await answerCount()).toBe(before);
      expect((await portal.get('/api/v1/portal/information-requests')).body.items.map((item: { id: string }) => item.id)).not.toContain(request.id);
    }
    expect((await apiClient(app, mine.portalToken).get(`/api/v1/portal/information-requests/${request.id}`)).status).toBe(200);
  });
});

describe('answering from the portal', () => {
  it('round-trips a text and file answer: stored, shown to the client and the firm, downloadable by staff', async () => {
    const { client, portalToken } = await seedClientWithPortalAccess(database.db, acme);
    const request = await seedOpenInformationRequest(database.db, acme, client.id);
    const answer = await postForm(portalToken, `/api/v1/portal/information-requests/${request.id}/answers`, {
      text: 'Voici les factures de mars',
      files: [
        { name: 'ventes-mars.csv', type: 'text/csv', content: 'date;montant\n2026-03-01;120.00\n' },
        { name: 'C:\\Users\\claire\\achats mars.pdf', type: 'application/pdf', content: '%PDF-1.4 achats' },
      ],
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ id: request.id, status: 'answered', answeredAt: expect.any(String) });
    expect(answer.body.answers).toEqual([
      {
        id: expect.any(String),
        text: 'Voici les factures de mars',
        contactName: 'Claire Martin',
        createdAt: expect.any(String),
        files: [
          { name: 'ventes-mars.csv', mediaType: 'text/csv', size: 31 },
          { name: 'achats mars.pdf', mediaType: 'application/pdf', size: 15 },
        ],
      },
    ]);

    const staffView = await admin.get(`/api/v1/information-requests/${request.id}`);
    expect(staffView.body.status).toBe('answered');
    const [staffAnswer] = staffView.body.answers;
    expect(staffAnswer.files[0]).toMatchObject({ name: 'ventes-mars.csv', size: 31, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const download = await app.request(`/api/v1/information-requests/${request.id}/answers/${staffAnswer.id}/files/0`, { headers: { Authorization: `Bearer ${acme.adminToken}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('text/csv');
    expect(download.headers.get('content-disposition')).toContain('ventes-mars.csv');
    expect(await download.text()).toBe('date;montant\n2026-03-01;120.00\n');
    const strangerDownload = await app.request(`/api/v1/information-requests/${request.id}/answers/${staffAnswer.id}/files/0`, { headers: { Authorization: `Bearer ${other.adminToken}` } });
    expect(strangerDownload.status).toBe(404);

    const history = await admin.get(`/api/v1/history?entityType=information_request_answer&entityId=${staffAnswer.id}`);
    expect(history.body.items).toEqual([expect.objectContaining({ action: 'create', actorUserId: null, actorLabel: 'portal: Claire Martin' })]);
  });

  it('validates an answer against what the request expects, writing neither rows nor files', async () => {
    const { client, portalToken } = await seedClientWithPortalAccess(database.db, acme);
    const filesRequest = await seedOpenInformationRequest(database.db, acme, client.id);
    const textRequest = await seedOpenInformationRequest(database.db, acme, client.id, { expectsFiles: false, expectsText: true, message: 'Combien de salariés ?' });
    const portal = apiClient(app, portalToken);
    const beforeAnswers = await answerCount();
    const beforeFiles = await storedFiles();

    const noFile = await portal.post(`/api/v1/portal/information-requests/${filesRequest.id}/answers`, { text: 'Je les envoie demain' });
    expect(noFile.status).toBe(400);
    expect(noFile.body.errors).toEqual([expect.objectContaining({ field: 'files' })]);
    const fileOnText = await postForm(portalToken, `/api/v1/portal/information-requests/${textRequest.id}/answers`, { text: '3', files: [{ name: 'a.txt', type: 'text/plain', content: 'a' }] });
    expect(fileOnText.status).toBe(400);
    expect(fileOnText.body.errors).toEqual([expect.objectContaining({ field: 'files' })]);
    const blank = await portal.post(`/api/v1/portal/information-requests/${textRequest.id}/answers`, { text: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.errors).toEqual([expect.objectContaining({ field: 'text' })]);
    const wrongType = await portal.post(`/api/v1/portal/information-requests/${textRequest.id}/answers`, { text: 3 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors).toEqual([expect.objectContaining({ field: 'text' })]);

    expect(await answerCount()).toBe(beforeAnswers);
    expect(await storedFiles()).toEqual(beforeFiles);
    expect((await portal.get(`/api/v1/portal/information-requests/${textRequest.id}`)).body.status).toBe('open');
    expect((await portal.post(`/api/v1/portal/information-requests/${textRequest.id}/answers`, { text: '3 salariés' })).status).toBe(201);
  });
});

describe('answering without document storage', () => {
  it('answers 503 to files and writes nothing, but still takes text answers', async () => {
    const bare = createTestApp(database, { documentStorage: undefined });
    const { client, portalToken } = await seedClientWithPortalAccess(database.db, acme);
    const request = await seedOpenInformationRequest(database.db, acme, client.id, { expectsText: true });
    const form = new FormData();
    form.append('files[]', new File(['x'], 'x.pdf', { type: 'application/pdf' }));
    const before = await answerCount();
    const refused = await bare.request(`/api/v1/portal/information-requests/${request.id}/answers`, { method: 'POST', headers: { Authorization: `Bearer ${portalToken}` }, body: form });
    expect(refused.status).toBe(503);
    expect(await answerCount()).toBe(before);
    expect((await apiClient(bare, portalToken).post(`/api/v1/portal/information-requests/${request.id}/answers`, { text: 'Envoyés par courrier' })).status).toBe(201);
  });
});

describe('asking for a service from the portal', () => {
  it('turns the request into a task for the client file’s holder, which the client never sees', async () => {
    const { client, portalToken } = await seedClientWithPortalAccess(database.db, acme);
    const service = await seedVatService(database.db, acme);
    const portal = apiClient(app, portalToken);
    const asked = await portal.post('/api/v1/portal/service-requests', { serviceId: service.id, message: 'Pouvez-vous gérer notre TVA à partir d’avril ?' });
    expect(asked.status).toBe(201);
    expect(Object.keys(asked.body).sort()).toEqual(['createdAt', 'id', 'message', 'serviceId']);

    const [stored] = await database.db.select().from(serviceRequests).where(eq(serviceRequests.id, asked.body.id));
    const task = await admin.get(`/api/v1/tasks/${stored!.taskId}`);
    expect(task.body).toMatchObject({
      source: 'client_request',
      status: 'todo',
      clientId: client.id,
      assigneeUserId: acme.collaborator.id,
      requestedServiceId: service.id,
      title: 'Demande de prestation : TVA mensuelle',
      description: expect.stringContaining('Pouvez-vous gérer notre TVA'),
    });
    const review = await admin.get(`/api/v1/tasks?source=client_request&clientId=${client.id}`);
    expect(review.body.items.map((item: { id: string }) => item.id)).toEqual([stored!.taskId]);

    const mine = await portal.get('/api/v1/portal/service-requests');
    expect(mine.body.items).toEqual([asked.body]);
    expect(mine.text).not.toContain(stored!.taskId);
    const history = await admin.get(`/api/v1/history?entityType=task&entityId=${stored!.taskId}`);
    expect(history.body.items).toEqual([expect.objectContaining({ action: 'create', actorLabel: 'portal: Claire Martin' })]);
  });

  it('creates one request and one review task when the client resends with the same Idempotency-Key', async () => {
    const { portalToken } = await seedClientWithPortalAccess(database.db, acme);
    const portal = apiClient(app, portalToken);
    const headers = { 'Idempotency-Key': 'ask-payroll' };
    const first = await portal.post('/api/v1/portal/service-requests', { message: 'La paie, à partir de mai ?' }, headers);
    const second = await portal.post('/api/v1/portal/service-requests', { message: 'La paie, à partir de mai ?' }, headers);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.text).toBe(first.text);
    expect((await portal.get('/api/v1/portal/service-requests')).body.items).toHaveLength(1);
    // The same key from another contact is theirs alone.
    const other = await seedClientWithPortalAccess(database.db, acme);
    const theirs = await apiClient(app, other.portalToken).post('/api/v1/portal/service-requests', { message: 'La paie, à partir de mai ?' }, headers);
    expect(theirs.body.id).not.toBe(first.body.id);
  });

  it('leaves the review task unassigned when the client file has no holder', async () => {
    const { portalToken } = await seedClientWithPortalAccess(database.db, acme, { holderUserId: null });
    const asked = await apiClient(app, portalToken).post('/api/v1/portal/service-requests', { message: 'Un bilan prévisionnel, est-ce possible ?' });
    expect(asked.status).toBe(201);
    const [stored] = await database.db.select().from(serviceRequests).where(eq(serviceRequests.id, asked.body.id));
    const [task] = await database.db.select().from(tasks).where(eq(tasks.id, stored!.taskId));
    expect(task).toMatchObject({ assigneeUserId: null, title: 'Demande de prestation' });
  });

  it('refuses an unknown, foreign or archived service, naming serviceId, and writes nothing', async () => {
    const { portalToken } = await seedClientWithPortalAccess(database.db, acme);
    const foreignService = await seedVatService(database.db, other);
    const archived = await seedVatService(database.db, acme);
    await archiveService(database.db, adminActor(acme), archived.id, true);
    const taskCount = async () => (await database.db.select({ n: count() }).from(tasks))[0]!.n;
    const before = await taskCount();
    for (const serviceId of [foreignService.id, archived.id, '00000000-0000-4000-8000-000000000000']) {
      const response = await apiClient(app, portalToken).post('/api/v1/portal/service-requests', { serviceId, message: 'Celle-ci' });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'serviceId' })]);
    }
    const empty = await apiClient(app, portalToken).post('/api/v1/portal/service-requests', { message: '' });
    expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'message' })]);
    expect(await taskCount()).toBe(before);
  });
});
