import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { catalogueServices, historyEntries, serviceCategories, serviceItems, tasks } from '../../db/schema/index.ts';
import { expectHiddenFromOtherOrganisations } from '../support/cross-organisation.ts';
import { seedCategory, seedQuarterlyTaskService, seedVatService } from '../support/seed-catalogue.ts';
import { seedClient } from '../support/seed-clients.ts';
import { seedActiveMission } from '../support/seed-missions.ts';
import { twoOrganisations } from '../support/two-organisations.ts';

const { database, acme, other, admin, collaborator, stranger } = await twoOrganisations();

const rowCounts = async () =>
  Promise.all(
    [serviceCategories, catalogueServices, serviceItems, historyEntries].map(async (table) => (await database.db.select({ n: count() }).from(table))[0]!.n),
  );

/** Puts the service on the line of a signed, active mission of a new client. */
async function useInMission(serviceId: string) {
  const client = await seedClient(database.db, acme);
  const mission = await seedActiveMission(database.db, acme, { clientId: client.id, lines: [{ serviceId, frequency: 'monthly', deadlineRule: { kind: 'day-of-month', day: 20 } }] });
  return { client, mission };
}

const vatBody = {
  serviceType: 'tax',
  internalLabel: 'Rappel TVA',
  description: 'Rappel mensuel des pièces de TVA',
  deliverableType: 'Déclaration',
  defaultPriceCents: 5000,
  vatRateBasisPoints: 2000,
  defaultFrequency: 'monthly',
  leadTimeDays: 10,
  items: [
    { kind: 'information_request', message: 'Merci de déposer vos éléments du mois sur le portail du cabinet', expectsFiles: true },
    { kind: 'task', title: 'Préparer la CA3', assigneeRole: 'holder' },
  ],
};

describe('catalogue services', () => {
  it('creates a service with the items each occurrence generates, readable by every staff member', async () => {
    const category = await admin.post('/api/v1/catalogue/categories', { name: 'Fiscal' });
    expect(category.status).toBe(201);
    const created = await admin.post('/api/v1/catalogue/services', { ...vatBody, categoryId: category.body.id });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ internalLabel: 'Rappel TVA', leadTimeDays: 10, defaultFrequency: 'monthly', archivedAt: null, inUse: false });
    expect(created.body.items).toEqual([
      expect.objectContaining({ kind: 'information_request', position: 0, title: 'Merci de déposer vos éléments du mois sur le portail du cabinet', expectsFiles: true, expectsText: false }),
      expect.objectContaining({ kind: 'task', position: 1, title: 'Préparer la CA3', assigneeRole: 'holder', assigneeUserId: null }),
    ]);
    const read = await collaborator.get(`/api/v1/catalogue/services/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    const history = await admin.get(`/api/v1/history?entityType=catalogue_service&entityId=${created.body.id}`);
    expect(history.body.items).toEqual([expect.objectContaining({ action: 'create', actorUserId: acme.admin.id })]);
  });

  it('refuses invalid services with a 400 naming each field and writes nothing', async () => {
    const before = await rowCounts();
    const response = await admin.post('/api/v1/catalogue/services', {
      serviceType: 'tax',
      internalLabel: '',
      defaultPriceCents: -1,
      vatRateBasisPoints: 10_001,
      defaultFrequency: 'fortnightly',
      leadTimeDays: -3,
      items: [
        { kind: 'task', title: 'Sans responsable' },
        { kind: 'task', title: 'Deux responsables', assigneeRole: 'holder', assigneeUserId: acme.admin.id },
        { kind: 'information_request', message: 'Rien attendu' },
        { kind: 'meeting', title: 'Inconnu' },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const fields = response.body.errors.map((error: { field: string }) => error.field).sort();
    expect(fields).toEqual([
      'defaultFrequency',
      'defaultPriceCents',
      'internalLabel',
      'items.0.assigneeUserId',
      'items.1.assigneeUserId',
      'items.2.expectsFiles',
      'items.3.kind',
      'leadTimeDays',
      'vatRateBasisPoints',
    ]);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a category or an assignee of another organisation, naming the field, and writes nothing', async () => {
    const foreignCategory = await seedCategory(database.db, other);
    const before = await rowCounts();
    const response = await admin.post('/api/v1/catalogue/services', {
      ...vatBody,
      categoryId: foreignCategory.id,
      items: [{ kind: 'task', title: 'Saisie', assigneeUserId: other.collaborator.id }],
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['categoryId', 'items.0.assigneeUserId']);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses every catalogue write to a collaborator with 403 and writes nothing', async () => {
    const service = await seedVatService(database.db, acme);
    const category = await seedCategory(database.db, acme, 'Social');
    const before = await rowCounts();
    const attempts = [
      collaborator.post('/api/v1/catalogue/categories', { name: 'Juridique' }),
      collaborator.patch(`/api/v1/catalogue/categories/${category.id}`, { name: 'Paie' }),
      collaborator.delete(`/api/v1/catalogue/categories/${category.id}`),
      collaborator.post('/api/v1/catalogue/services', vatBody),
      collaborator.patch(`/api/v1/catalogue/services/${service.id}`, { leadTimeDays: 5 }),
      collaborator.delete(`/api/v1/catalogue/services/${service.id}`),
      collaborator.post(`/api/v1/catalogue/services/${service.id}/archive`),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(await rowCounts()).toEqual(before);
    expect((await collaborator.get('/api/v1/catalogue/categories')).status).toBe(200);
  });

  it('answers 409 to deleting a service a mission uses, telling to archive it, and keeps it', async () => {
    const service = await seedVatService(database.db, acme);
    await useInMission(service.id);
    const response = await admin.delete(`/api/v1/catalogue/services/${service.id}`);
    expect(response.status).toBe(409);
    expect(response.body.detail).toMatch(/archive/);
    const read = await admin.get(`/api/v1/catalogue/services/${service.id}`);
    expect(read.status).toBe(200);
    expect(read.body.inUse).toBe(true);
  });

  it('deletes a service nobody uses, with its items, and logs it', async () => {
    const service = await seedVatService(database.db, acme);
    expect((await admin.delete(`/api/v1/catalogue/services/${service.id}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/catalogue/services/${service.id}`)).status).toBe(404);
    expect(await database.db.select().from(serviceItems).where(eq(serviceItems.serviceId, service.id))).toEqual([]);
    const history = await admin.get(`/api/v1/history?entityType=catalogue_service&entityId=${service.id}`);
    expect(history.body.items.map((entry: { action: string }) => entry.action)).toEqual(['create', 'delete']);
  });

  it('archives a service in use: hidden from the default list, still readable, and back when unarchived', async () => {
    const service = await seedQuarterlyTaskService(database.db, acme, { internalLabel: 'Archivable' });
    await useInMission(service.id);
    const archived = await admin.post(`/api/v1/catalogue/services/${service.id}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).toEqual(expect.any(String));
    const listed = async (query: string) => (await admin.get(`/api/v1/catalogue/services?pageSize=200${query}`)).body.items.map((s: { id: string }) => s.id);
    expect(await listed('')).not.toContain(service.id);
    expect(await listed('&includeArchived=true')).toContain(service.id);
    expect((await admin.get(`/api/v1/catalogue/services/${service.id}`)).body.archivedAt).toBe(archived.body.archivedAt);

    const unarchived = await admin.post(`/api/v1/catalogue/services/${service.id}/unarchive`);
    expect(unarchived.body.archivedAt).toBeNull();
    expect(await listed('')).toContain(service.id);
    const history = await admin.get(`/api/v1/history?entityType=catalogue_service&entityId=${service.id}`);
    expect(history.body.items.map((entry: { action: string; field: string | null }) => [entry.action, entry.field])).toEqual([
      ['create', null],
      ['update', 'archivedAt'],
      ['update', 'archivedAt'],
    ]);
  });

  it('replaces the items on update, editing the ones sent with their id in place', async () => {
    const service = await seedVatService(database.db, acme);
    const [vatItem] = service.items;
    const response = await admin.patch(`/api/v1/catalogue/services/${service.id}`, {
      leadTimeDays: 12,
      items: [
        { kind: 'task', title: 'Contrôler les pièces', assigneeUserId: acme.collaborator.id },
        { id: vatItem!.id, kind: 'information_request', message: 'Merci de déposer vos justificatifs de TVA avant le 15', expectsFiles: true, expectsText: true },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.body.leadTimeDays).toBe(12);
    expect(response.body.defaultFrequency).toBe('monthly');
    expect(response.body.vatRateBasisPoints).toBe(2000);
    expect(response.body.items.map((item: { id: string; kind: string; position: number }) => [item.kind, item.position])).toEqual([
      ['task', 0],
      ['information_request', 1],
    ]);
    expect(response.body.items[1]).toMatchObject({ id: vatItem!.id, message: 'Merci de déposer vos justificatifs de TVA avant le 15', expectsText: true });
    const history = await admin.get(`/api/v1/history?entityType=catalogue_service&entityId=${service.id}`);
    expect(history.body.items.map((entry: { field: string | null }) => entry.field)).toEqual([null, 'leadTimeDays', 'items']);
  });

  it('refuses to drop an item that already generated work (409) and leaves the service unchanged', async () => {
    const service = await seedQuarterlyTaskService(database.db, acme);
    const { client, mission } = await useInMission(service.id);
    await database.db.insert(tasks).values({
      organisationId: acme.organisationId,
      clientId: client.id,
      missionId: mission.id,
      serviceItemId: service.items[0]!.id,
      source: 'occurrence',
      title: 'Réviser les comptes du trimestre',
      dueDate: '2026-03-31',
    });
    const response = await admin.patch(`/api/v1/catalogue/services/${service.id}`, { internalLabel: 'Renommée', items: [] });
    expect(response.status).toBe(409);
    const read = await admin.get(`/api/v1/catalogue/services/${service.id}`);
    expect(read.body.internalLabel).toBe('Révision trimestrielle');
    expect(read.body.items).toHaveLength(1);
  });

  it('refuses an item id of another service with a 400 naming it', async () => {
    const service = await seedVatService(database.db, acme);
    const otherService = await seedVatService(database.db, acme);
    const response = await admin.patch(`/api/v1/catalogue/services/${service.id}`, {
      items: [{ id: otherService.items[0]!.id, kind: 'information_request', message: 'Vol', expectsText: true }],
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'items.0.id' })]);
  });

  it('hides services from other organisations', async () => {
    const service = await seedVatService(database.db, acme);
    await expectHiddenFromOtherOrganisations(admin, stranger, {
      resourcePath: `/api/v1/catalogue/services/${service.id}`,
      update: { body: { internalLabel: 'Pwned' } },
      actions: [
        { method: 'POST', path: `/api/v1/catalogue/services/${service.id}/archive` },
        { method: 'POST', path: `/api/v1/catalogue/services/${service.id}/unarchive` },
      ],
    });
    const theirs = await stranger.get('/api/v1/catalogue/services?includeArchived=true&pageSize=200');
    expect(theirs.body.items.map((s: { id: string }) => s.id)).not.toContain(service.id);
  });
});

describe('catalogue categories', () => {
  it('renames a category and logs the change', async () => {
    const category = await admin.post('/api/v1/catalogue/categories', { name: 'Comptabilite' });
    const renamed = await admin.patch(`/api/v1/catalogue/categories/${category.body.id}`, { name: 'Comptabilité' });
    expect(renamed.body.name).toBe('Comptabilité');
    const history = await admin.get(`/api/v1/history?entityType=service_category&entityId=${category.body.id}`);
    expect(history.body.items[1]).toMatchObject({ field: 'name', oldValue: 'Comptabilite', newValue: 'Comptabilité' });
  });

  it('refuses to delete a category that still holds services (409) and deletes an empty one', async () => {
    const full = await seedCategory(database.db, acme, 'Pleine');
    await seedVatService(database.db, acme, { categoryId: full.id });
    expect((await admin.delete(`/api/v1/catalogue/categories/${full.id}`)).status).toBe(409);
    const empty = await seedCategory(database.db, acme, 'Vide');
    expect((await admin.delete(`/api/v1/catalogue/categories/${empty.id}`)).status).toBe(204);
  });

  it('answers 400 naming the name of a blank category', async () => {
    const response = await admin.post('/api/v1/catalogue/categories', { name: ' ' });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'name' })]);
  });

  it('hides categories from other organisations', async () => {
    const category = await seedCategory(database.db, acme, 'Secrète');
    await expectHiddenFromOtherOrganisations(admin, stranger, {
      resourcePath: `/api/v1/catalogue/categories/${category.id}`,
      update: { body: { name: 'Pwned' } },
    });
  });
});
