import { count } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { historyEntries, tasks } from '../../db/schema/index.ts';
import { expectHiddenFromOtherOrganisations } from '../support/cross-organisation.ts';
import { seedClient } from '../support/seed-clients.ts';
import { seedActiveMission } from '../support/seed-missions.ts';
import { seedTodoTask } from '../support/seed-work.ts';
import { twoOrganisations } from '../support/two-organisations.ts';

const { database, acme, other, admin, collaborator, stranger } = await twoOrganisations();

const rowCounts = async () => Promise.all([tasks, historyEntries].map(async (table) => (await database.db.select({ n: count() }).from(table))[0]!.n));
const idsOf = (response: { body: { items: Array<{ id: string }> } }) => response.body.items.map((item) => item.id);

describe('task list', () => {
  it('filters by assignee, client, status, due range and mission, soonest due first and undated last', async () => {
    const bakery = await seedClient(database.db, acme, { name: 'Boulangerie' });
    const garage = await seedClient(database.db, acme, { name: 'Garage' });
    const mission = await seedActiveMission(database.db, acme, { clientId: bakery.id });
    const march = await seedTodoTask(database.db, acme, bakery.id, { dueDate: '2026-03-20', assigneeUserId: acme.collaborator.id, missionId: mission.id });
    const april = await seedTodoTask(database.db, acme, bakery.id, { dueDate: '2026-04-20', assigneeUserId: acme.admin.id });
    const february = await seedTodoTask(database.db, acme, garage.id, { dueDate: '2026-02-20', assigneeUserId: acme.collaborator.id });
    const undated = await seedTodoTask(database.db, acme, garage.id, { dueDate: null, source: 'client_request' });
    const done = await seedTodoTask(database.db, acme, garage.id, { dueDate: '2026-03-01', status: 'done', completedAt: new Date() });
    await seedTodoTask(database.db, other, (await seedClient(database.db, other)).id);

    const list = (query: string) => admin.get(`/api/v1/tasks?pageSize=200&${query}`);
    const mine = [march.id, april.id, february.id, undated.id, done.id];
    expect(idsOf(await list('')).filter((id: string) => mine.includes(id))).toEqual([february.id, done.id, march.id, april.id, undated.id]);
    expect(idsOf(await list(`assignee=${acme.collaborator.id}`))).toEqual([february.id, march.id]);
    expect(idsOf(await list(`clientId=${bakery.id}`))).toEqual([march.id, april.id]);
    expect(idsOf(await list(`clientId=${garage.id}&status=todo`))).toEqual([february.id, undated.id]);
    expect(idsOf(await list(`clientId=${garage.id}&status=done`))).toEqual([done.id]);
    expect(idsOf(await list('dueFrom=2026-03-01&dueTo=2026-03-31')).filter((id: string) => mine.includes(id))).toEqual([done.id, march.id]);
    expect(idsOf(await list(`missionId=${mission.id}`))).toEqual([march.id]);
    expect(idsOf(await list(`clientId=${garage.id}&assignee=unassigned&source=client_request`))).toEqual([undated.id]);
    const read = await collaborator.get(`/api/v1/tasks/${march.id}`);
    expect(read.body).toMatchObject({ id: march.id, clientName: 'Boulangerie', missionId: mission.id, requestedServiceId: null });
  });

  it('pages tasks with a stable order', async () => {
    const client = await seedClient(database.db, acme, { name: 'Pagination' });
    for (let day = 10; day < 15; day++) await seedTodoTask(database.db, acme, client.id, { dueDate: '2026-05-01', title: `Tâche ${day}` });
    const all = idsOf(await admin.get(`/api/v1/tasks?clientId=${client.id}`));
    const pages = [];
    for (let page = 1; page <= 3; page++) pages.push(...idsOf(await admin.get(`/api/v1/tasks?clientId=${client.id}&page=${page}&pageSize=2`)));
    expect(pages).toEqual(all);
    expect(all).toEqual([...all].sort());
  });

  it('answers 400 naming each bad filter', async () => {
    const response = await admin.get('/api/v1/tasks?status=late&dueFrom=2026-13-01&assignee=bob');
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['assignee', 'dueFrom', 'status']);
    const reversed = await admin.get('/api/v1/tasks?dueFrom=2026-04-01&dueTo=2026-03-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors).toEqual([expect.objectContaining({ field: 'dueTo', location: 'query' })]);
  });
});

describe('task lifecycle', () => {
  it('completes a task, recording who and when, and reopens it', async () => {
    const client = await seedClient(database.db, acme);
    const task = await seedTodoTask(database.db, acme, client.id);
    const completed = await collaborator.post(`/api/v1/tasks/${task.id}/complete`);
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ status: 'done', completedByUserId: acme.collaborator.id, completedAt: expect.any(String) });
    const again = await collaborator.post(`/api/v1/tasks/${task.id}/complete`);
    expect(again.status).toBe(409);

    const reopened = await admin.post(`/api/v1/tasks/${task.id}/reopen`);
    expect(reopened.body).toMatchObject({ status: 'todo', completedByUserId: null, completedAt: null });
    expect((await admin.post(`/api/v1/tasks/${task.id}/reopen`)).status).toBe(409);

    const history = await admin.get(`/api/v1/history?entityType=task&entityId=${task.id}`);
    expect(history.body.items.filter((entry: { field: string }) => entry.field === 'status').map((entry: { oldValue: string; newValue: string; actorUserId: string }) => [entry.oldValue, entry.newValue, entry.actorUserId])).toEqual([
      ['todo', 'done', acme.collaborator.id],
      ['done', 'todo', acme.admin.id],
    ]);
  });

  it('creates a manual task for a client and reassigns it', async () => {
    const client = await seedClient(database.db, acme);
    const created = await collaborator.post('/api/v1/tasks', { clientId: client.id, title: 'Appeler le client', dueDate: '2026-06-01', assigneeUserId: acme.collaborator.id });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ source: 'manual', status: 'todo', clientName: client.name, dueDate: '2026-06-01' });
    const reassigned = await admin.patch(`/api/v1/tasks/${created.body.id}`, { assigneeUserId: acme.admin.id, dueDate: null });
    expect(reassigned.body).toMatchObject({ assigneeUserId: acme.admin.id, dueDate: null, title: 'Appeler le client' });
    const history = await admin.get(`/api/v1/history?entityType=task&entityId=${created.body.id}`);
    expect(history.body.items.map((entry: { action: string; field: string | null }) => [entry.action, entry.field])).toEqual([
      ['create', null],
      ['update', 'assigneeUserId'],
      ['update', 'dueDate'],
    ]);
  });

  it('refuses a manual task with invalid or foreign references, naming each field, and writes nothing', async () => {
    const client = await seedClient(database.db, acme);
    const before = await rowCounts();
    const invalid = await admin.post('/api/v1/tasks', { clientId: client.id, title: '', dueDate: '20/03/2026' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['dueDate', 'title']);
    const foreignClient = await seedClient(database.db, other);
    const before2 = await rowCounts();
    const foreign = await admin.post('/api/v1/tasks', { clientId: foreignClient.id, title: 'Espionner', assigneeUserId: other.admin.id });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['assigneeUserId', 'clientId']);
    expect(await rowCounts()).toEqual(before2);
    expect(before2[0]).toBe(before[0]);
  });

  it('hides tasks from other organisations', async () => {
    const client = await seedClient(database.db, acme);
    const task = await seedTodoTask(database.db, acme, client.id);
    await expectHiddenFromOtherOrganisations(admin, stranger, {
      resourcePath: `/api/v1/tasks/${task.id}`,
      update: { body: { title: 'Pwned' } },
      deletable: false,
      actions: [
        { method: 'POST', path: `/api/v1/tasks/${task.id}/complete` },
        { method: 'POST', path: `/api/v1/tasks/${task.id}/reopen` },
      ],
    });
    expect(idsOf(await stranger.get(`/api/v1/tasks?clientId=${client.id}`))).toEqual([]);
  });
});
