import { count } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { historyEntries, prospectActions } from '../../db/schema/index.ts';
import { expectHiddenFromOtherOrganisations } from '../support/cross-organisation.ts';
import { twoOrganisations } from '../support/two-organisations.ts';
import { dueInstantOf, isPastAction } from '../../domain/prospects/actions/action-due.ts';
import { daysFromToday, seedProspect } from './prospect-builders.ts';

const { database, acme, collaborator: api, stranger } = await twoOrganisations();

const rows = async (table: typeof prospectActions | typeof historyEntries) => (await database.db.select({ n: count() }).from(table))[0]!.n;

describe('follow-up actions', () => {
  it('creates an action dated in the past done and locked: it can only be deleted', async () => {
    const prospect = await seedProspect(api, acme);
    const created = await api.post(`/api/v1/prospects/${prospect.id}/actions`, { actionType: 'first_contact', dueDate: '2024-03-01', description: 'Appel entrant' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'done', actorUserId: acme.collaborator.id, actionType: 'first_contact' });
    expect(created.body.doneAt).not.toBeNull();
    const edit = await api.patch(`/api/v1/prospect-actions/${created.body.id}`, { description: 'Modifié' });
    expect(edit.status).toBe(409);
    expect(edit.body.detail).toMatch(/done and locked; it can only be deleted/);
    expect((await api.get(`/api/v1/prospect-actions/${created.body.id}`)).body.description).toBe('Appel entrant');
    expect((await api.delete(`/api/v1/prospect-actions/${created.body.id}`)).status).toBe(204);
  });

  it('creates an action dated in the future "to do": editable, deletable, and it can be marked done (then locked)', async () => {
    const prospect = await seedProspect(api, acme);
    const created = await api.post(`/api/v1/prospects/${prospect.id}/actions`, { actionType: 'meeting', dueDate: daysFromToday(7), dueTime: '14:30' });
    expect(created.body).toMatchObject({ status: 'todo', doneAt: null, dueTime: '14:30' });
    const edited = await api.patch(`/api/v1/prospect-actions/${created.body.id}`, { dueDate: daysFromToday(8), description: 'Apporter la plaquette' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ dueDate: daysFromToday(8), description: 'Apporter la plaquette', status: 'todo' });
    const done = await api.post(`/api/v1/prospect-actions/${created.body.id}/done`);
    expect(done.body.status).toBe('done');
    expect((await api.patch(`/api/v1/prospect-actions/${created.body.id}`, { description: 'x' })).status).toBe(409);
    const another = await api.post(`/api/v1/prospects/${prospect.id}/actions`, { actionType: 'other', dueDate: daysFromToday(3) });
    expect((await api.delete(`/api/v1/prospect-actions/${another.body.id}`)).status).toBe(204);
  });

  it('treats an action dated today without a time as still to do, and one at a past time today as done', () => {
    const now = new Date('2026-03-10T10:00:00Z'); // 11:00 in Paris
    expect(isPastAction({ dueDate: '2026-03-10', dueTime: null }, now)).toBe(false);
    expect(dueInstantOf({ dueDate: '2026-03-10', dueTime: null }).toISOString()).toBe('2026-03-10T23:00:00.000Z');
    expect(isPastAction({ dueDate: '2026-03-10', dueTime: '10:59' }, now)).toBe(true);
    expect(isPastAction({ dueDate: '2026-03-10', dueTime: '11:01' }, now)).toBe(false);
    expect(dueInstantOf({ dueDate: '2026-07-01', dueTime: '09:00' }).toISOString()).toBe('2026-07-01T07:00:00.000Z');
  });

  it('requires a source for a request, naming the field, and writes nothing', async () => {
    const prospect = await seedProspect(api, acme);
    const before = await Promise.all([rows(prospectActions), rows(historyEntries)]);
    const refused = await api.post(`/api/v1/prospects/${prospect.id}/actions`, { actionType: 'request', dueDate: daysFromToday(2) });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'source', message: 'a request needs a source' })]);
    const bad = await api.post(`/api/v1/prospects/${prospect.id}/actions`, { actionType: 'lunch', dueDate: '2026-02-30', dueTime: '25:00' });
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['actionType', 'dueDate', 'dueTime']);
    expect(await Promise.all([rows(prospectActions), rows(historyEntries)])).toEqual(before);
    const accepted = await api.post(`/api/v1/prospects/${prospect.id}/actions`, { actionType: 'request', source: 'Site web', dueDate: daysFromToday(2) });
    expect(accepted.status).toBe(201);
    expect((await api.patch(`/api/v1/prospect-actions/${accepted.body.id}`, { source: null })).status).toBe(400);
  });

  it('keeps the prospect’s last and next action up to date', async () => {
    const prospect = await seedProspect(api, acme);
    const read = async () => (await api.get(`/api/v1/prospects/${prospect.id}`)).body;
    await api.post(`/api/v1/prospects/${prospect.id}/actions`, { actionType: 'first_contact', dueDate: '2024-01-05' });
    await api.post(`/api/v1/prospects/${prospect.id}/actions`, { actionType: 'voicemail', dueDate: '2024-02-05' });
    const later = await api.post(`/api/v1/prospects/${prospect.id}/actions`, { actionType: 'proposal', dueDate: daysFromToday(30) });
    const sooner = await api.post(`/api/v1/prospects/${prospect.id}/actions`, { actionType: 'follow_up', dueDate: daysFromToday(10) });
    expect(await read()).toMatchObject({ lastActionDate: '2024-02-05', lastActionType: 'voicemail', nextActionDate: daysFromToday(10), nextActionType: 'follow_up' });
    await api.post(`/api/v1/prospect-actions/${sooner.body.id}/done`);
    expect(await read()).toMatchObject({ lastActionDate: daysFromToday(10), lastActionType: 'follow_up', nextActionDate: daysFromToday(30), nextActionType: 'proposal' });
    await api.delete(`/api/v1/prospect-actions/${later.body.id}`);
    expect(await read()).toMatchObject({ nextActionDate: null, nextActionType: null });
    const list = await api.get(`/api/v1/prospects/${prospect.id}/actions`);
    expect(list.body.map((a: { actionType: string }) => a.actionType)).toEqual(['first_contact', 'voicemail', 'follow_up']);
  });

  it('hides actions from other organisations, including marking them done', async () => {
    const prospect = await seedProspect(api, acme);
    const action = await api.post(`/api/v1/prospects/${prospect.id}/actions`, { actionType: 'meeting', dueDate: daysFromToday(5) });
    await expectHiddenFromOtherOrganisations(api, stranger, {
      resourcePath: `/api/v1/prospect-actions/${action.body.id}`,
      update: { body: { description: 'Pwned' } },
      actions: [{ method: 'POST', path: `/api/v1/prospect-actions/${action.body.id}/done`, body: {} }],
    });
  });
});
