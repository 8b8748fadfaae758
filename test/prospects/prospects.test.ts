import ExcelJS from 'exceljs';
import { count } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { historyEntries, prospects } from '../../db/schema/index.ts';
import { expectHiddenFromOtherOrganisations } from '../support/cross-organisation.ts';
import { seedOrganisation } from '../support/seed.ts';
import { apiClient } from '../support/test-app.ts';
import { twoOrganisations } from '../support/two-organisations.ts';
// After the app (through test-app): @hono/zod-openapi must extend zod before domain schemas are built.
import { exportColumns } from '../../domain/prospects/export-prospects.ts';
import { daysFromToday, prospectBody, seedContact, seedConvertibleProspect, seedFile, seedProspect, seedReason } from './prospect-builders.ts';

const { database, app, acme, other, admin, collaborator: api, stranger } = await twoOrganisations();

const rows = async (table: typeof prospects | typeof historyEntries) => (await database.db.select({ n: count() }).from(table))[0]!.n;

describe('prospects', () => {
  it('creates a prospect with every field of the fiche', async () => {
    const body = prospectBody(acme, {
      companyName: 'Société Générale de Boulangerie',
      legalForm: 'SAS',
      siret: '732 829 320 00074',
      nafCode: '10.71c',
      taxRegime: 'Réel simplifié',
      currentFirm: 'Cabinet Concurrent',
      creationDate: '2015-03-01',
      street: '3 place Bellecour',
      addressComplement: 'Bâtiment B',
      postalCode: '69002',
      city: 'Lyon',
      phone: '04 78 12 34 56',
      foreignPhone: '+41 22 345 67 89',
      fax: '04 78 12 34 57',
      website: 'https://boulangerie.example.fr',
      businessAcquirer: true,
      note: 'Rencontré au salon',
      clientType: 'company',
    });
    const created = await api.post('/api/v1/prospects', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...body, siret: '73282932000074', nafCode: '10.71C', country: 'FR', status: 'in_progress' });
    expect(created.body).not.toHaveProperty('companyNameSearch');
  });

  it('refuses invalid input with a 400 naming each field, and writes nothing', async () => {
    const before = await Promise.all([rows(prospects), rows(historyEntries)]);
    const response = await api.post('/api/v1/prospects', {
      companyName: ' ',
      siret: '73282932000075',
      nafCode: '6920',
      phone: '12',
      website: 'ftp://x',
      creationDate: '2015-02-30',
      sourceSalespersonId: 'nope',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'companyName',
      'creationDate',
      'nafCode',
      'operationalSalespersonId',
      'phone',
      'siret',
      'source',
      'sourceSalespersonId',
      'website',
    ]);
    expect(await Promise.all([rows(prospects), rows(historyEntries)])).toEqual(before);
  });

  it('creates one prospect for the same POST sent twice with one Idempotency-Key', async () => {
    const before = await rows(prospects);
    const headers = { 'Idempotency-Key': 'prospect-boulangerie-1' };
    const first = await api.post('/api/v1/prospects', prospectBody(acme, { companyName: 'Idempotente SARL' }), headers);
    const second = await api.post('/api/v1/prospects', prospectBody(acme, { companyName: 'Idempotente SARL' }), headers);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await rows(prospects)).toBe(before + 1);
  });

  it('refuses a source salesperson who was not granted the capacity, or has no firm access', async () => {
    const plain = await admin.post('/api/v1/users', { email: 'plain@acme.test', firstName: 'Pierre', lastName: 'Plain', role: 'collaborator', firmIds: [acme.firm.id] });
    const noFirm = await admin.post('/api/v1/users', { email: 'nofirm@acme.test', firstName: 'Nina', lastName: 'Nofirm', role: 'collaborator', canBeSourceSalesperson: true });
    const before = await rows(prospects);
    const refused = await api.post('/api/v1/prospects', prospectBody(acme, { sourceSalespersonId: plain.body.id }));
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'sourceSalespersonId', message: expect.stringMatching(/not been granted the source salesperson capacity/) })]);
    const noAccess = await api.post('/api/v1/prospects', prospectBody(acme, { sourceSalespersonId: noFirm.body.id }));
    expect(noAccess.body.errors).toEqual([expect.objectContaining({ field: 'sourceSalespersonId', message: expect.stringMatching(/no access to any firm/) })]);
    const foreign = await api.post('/api/v1/prospects', prospectBody(acme, { operationalSalespersonId: other.collaborator.id }));
    expect(foreign.body.errors).toEqual([expect.objectContaining({ field: 'operationalSalespersonId' })]);
    expect(await rows(prospects)).toBe(before);
  });

  it('records every creation and change of the prospect, its contacts, files and actions in its history', async () => {
    const reason = await seedReason(admin, 'loss', 'Pas de budget');
    const prospect = await seedProspect(api, acme, { companyName: 'Historique SARL' });
    await api.patch(`/api/v1/prospects/${prospect.id}`, { companyName: 'Histoire SARL', city: 'Nantes' });
    const contact = await seedContact(api, prospect.id);
    await api.patch(`/api/v1/prospect-contacts/${contact.id}`, { function: 'Gérante' });
    const file = await seedFile(api, prospect.id);
    await api.patch(`/api/v1/prospect-files/${file.id}`, { stage: 'qualified' });
    await api.post(`/api/v1/prospect-files/${file.id}/mark-lost`, { reasonIds: [reason.id], justification: 'Budget gelé' });
    const action = await api.post(`/api/v1/prospects/${prospect.id}/actions`, { actionType: 'follow_up', dueDate: daysFromToday(10), description: 'Rappeler' });
    await api.patch(`/api/v1/prospect-actions/${action.body.id}`, { description: 'Rappeler lundi' });
    await api.delete(`/api/v1/prospect-actions/${action.body.id}`);
    // Another prospect's history stays out.
    await seedProspect(api, acme, { companyName: 'Autre' });

    const history = await api.get(`/api/v1/prospects/${prospect.id}/history?pageSize=200`);
    expect(history.status).toBe(200);
    const entries = history.body.items as Array<{ entityType: string; action: string; field: string | null; oldValue: unknown; newValue: unknown; actorUserId: string; occurredAt: string }>;
    const summary = entries.map((e) => `${e.entityType}:${e.action}${e.field ? `:${e.field}` : ''}`);
    expect(summary).toEqual([
      'prospect:create',
      'prospect:update:companyName',
      'prospect:update:city',
      'prospect_contact:create',
      'prospect:update:contactIds',
      'prospect:update:preferredContactId',
      'prospect_contact:update:function',
      'prospect_file:create',
      'prospect_file:update:stage',
      'prospect_file:update:status',
      'prospect_file:update:reasonIds',
      'prospect_file:update:lossJustification',
      'prospect_file:update:lostAt',
      'prospect:update:status',
      'prospect_action:create',
      'prospect_action:update:description',
      'prospect_action:delete',
    ]);
    expect(entries[1]).toMatchObject({ oldValue: 'Historique SARL', newValue: 'Histoire SARL', actorUserId: acme.collaborator.id });
    expect(entries.find((e) => e.field === 'stage')).toMatchObject({ oldValue: 'suspect', newValue: 'qualified' });
    expect(entries.every((e) => e.actorUserId === acme.collaborator.id && !Number.isNaN(Date.parse(e.occurredAt)))).toBe(true);
  });

  it('hides prospects from other organisations, with their history and sub-resources', async () => {
    const prospect = await seedProspect(api, acme);
    await expectHiddenFromOtherOrganisations(api, stranger, {
      resourcePath: `/api/v1/prospects/${prospect.id}`,
      update: { body: { companyName: 'Pwned' } },
      deletable: false,
      actions: [
        { method: 'GET', path: `/api/v1/prospects/${prospect.id}/history` },
        { method: 'GET', path: `/api/v1/prospects/${prospect.id}/actions` },
        { method: 'POST', path: `/api/v1/prospects/${prospect.id}/actions`, body: { actionType: 'other', dueDate: daysFromToday(3) } },
      ],
    });
    const list = await stranger.get('/api/v1/prospects?pageSize=200');
    expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain(prospect.id);
  });
});

describe('prospects list and advanced search', () => {
  let ids: Record<string, string>;
  let leftUser: { id: string };

  beforeAll(async () => {
    const org = await seedOrganisation(database.db, 'Search');
    const searcher = apiClient(app, org.collaboratorToken);
    const orgAdmin = apiClient(app, org.adminToken);
    const lost = await seedReason(orgAdmin, 'loss', 'Prix');
    const second = await orgAdmin.post('/api/v1/users', { email: 'second@search.test', firstName: 'Sam', lastName: 'Second', role: 'collaborator', canBeSourceSalesperson: true, firmIds: [org.firm.id] });
    leftUser = (await orgAdmin.post('/api/v1/users', { email: 'left@search.test', firstName: 'Léo', lastName: 'Left', role: 'collaborator', firmIds: [org.firm.id] })).body;

    const make = (overrides: Record<string, unknown>) => seedProspect(searcher, org, overrides);
    const crepes = await make({ companyName: 'Crêperie Bretonne', source: 'Salon', city: 'Rennes', phone: '02 99 11 22 33', nafCode: '56.10A', clientType: 'company', siret: '73282932000074', note: 'Très intéressée par la paie' });
    const garage = await make({ companyName: 'Garage Éclair', source: 'Web', city: 'Lyon', businessAcquirer: true, clientType: 'sole_trader', sourceSalespersonId: second.body.id, operationalSalespersonId: second.body.id });
    const cabinet = await make({ companyName: 'Cabinet Médical', source: 'Web', city: 'Paris', foreignPhone: '+41 22 345 67 89', clientType: 'individual', operationalSalespersonId: leftUser.id });
    const lostOne = await make({ companyName: 'Perdu & Fils', source: 'Parrainage', city: 'Nantes' });
    await seedContact(searcher, crepes.id, { firstName: 'Yann', lastName: 'Le Gwénnec', email: 'yann@creperie.bzh', mobile: '06 11 22 33 44' });
    await seedContact(searcher, garage.id, { firstName: 'Éric', lastName: 'Durand', email: 'eric.durand@garage.fr' });
    const signed = await seedConvertibleProspect(searcher, org, { companyName: 'Signé SAS', source: 'Salon', city: 'Lille' });
    await searcher.patch(`/api/v1/prospect-files/${signed.file.id}`, { stage: 'won' });
    const lostFile = await seedFile(searcher, lostOne.id);
    await searcher.post(`/api/v1/prospect-files/${lostFile.id}/mark-lost`, { reasonIds: [lost.id], justification: 'Trop cher' });
    await orgAdmin.delete(`/api/v1/users/${leftUser.id}`);
    await searcher.post(`/api/v1/prospects/${crepes.id}/actions`, { actionType: 'meeting', dueDate: '2024-01-10' });
    await searcher.post(`/api/v1/prospects/${crepes.id}/actions`, { actionType: 'follow_up', dueDate: daysFromToday(20) });
    await searcher.post(`/api/v1/prospects/${crepes.id}/actions`, { actionType: 'proposal', dueDate: daysFromToday(40) });
    ids = { crepes: crepes.id, garage: garage.id, cabinet: cabinet.id, lost: lostOne.id, signed: signed.prospect.id, second: second.body.id, orgToken: org.collaboratorToken };
  });

  const search = async (query: string) => {
    const response = await apiClient(app, ids.orgToken).get(`/api/v1/prospects?${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.items.map((p: { companyName: string }) => p.companyName) as string[];
  };

  it('shows company, last action, next action, source, phone, email and city, sorted by company name', async () => {
    const response = await apiClient(app, ids.orgToken).get('/api/v1/prospects');
    expect(response.body.total).toBe(5);
    expect(response.body.items.map((p: { companyName: string }) => p.companyName)).toEqual(['Cabinet Médical', 'Crêperie Bretonne', 'Garage Éclair', 'Perdu & Fils', 'Signé SAS']);
    expect(response.body.items[1]).toMatchObject({
      companyName: 'Crêperie Bretonne',
      lastActionDate: '2024-01-10',
      lastActionType: 'meeting',
      nextActionDate: daysFromToday(20),
      nextActionType: 'follow_up',
      source: 'Salon',
      phone: '02 99 11 22 33',
      email: 'yann@creperie.bzh',
      city: 'Rennes',
    });
  });

  it('filters on each criterion of the advanced search', async () => {
    expect(await search('companyName=CREPERIE')).toEqual(['Crêperie Bretonne']);
    expect(await search('companyName=eclair')).toEqual(['Garage Éclair']);
    expect(await search('contactName=gwennec')).toEqual(['Crêperie Bretonne']);
    expect(await search('contactName=eric%20dur')).toEqual(['Garage Éclair']);
    expect(await search('phone=0299112233')).toEqual(['Crêperie Bretonne']);
    expect(await search('phone=%2B33%206%2011%2022%2033%2044')).toEqual(['Crêperie Bretonne']);
    expect(await search('phone=345%2067')).toEqual(['Cabinet Médical']);
    expect(await search('email=GARAGE.FR')).toEqual(['Garage Éclair']);
    expect(await search('naf=56.10')).toEqual(['Crêperie Bretonne']);
    expect(await search('clientType=sole_trader,individual')).toEqual(['Cabinet Médical', 'Garage Éclair']);
    expect(await search('note=interessee')).toEqual(['Crêperie Bretonne']);
    expect(await search('siret=732829320')).toEqual(['Crêperie Bretonne']);
    expect(await search('stage=signed')).toEqual(['Signé SAS']);
    expect(await search('stage=lost&stage=signed')).toEqual(['Perdu & Fils', 'Signé SAS']);
    expect(await search('stage=in_progress')).toEqual(['Cabinet Médical', 'Crêperie Bretonne', 'Garage Éclair']);
    expect(await search('withoutSalesperson=true')).toEqual(['Cabinet Médical']);
    expect(await search('withoutSalesperson=false')).toHaveLength(4);
    expect(await search('businessAcquirer=true')).toEqual(['Garage Éclair']);
    expect(await search('source=Web')).toEqual(['Cabinet Médical', 'Garage Éclair']);
    expect(await search(`sourceSalespersonId=${ids.second}`)).toEqual(['Garage Éclair']);
    expect(await search(`operationalSalespersonId=${ids.second}`)).toEqual(['Garage Éclair']);
    const today = daysFromToday(0);
    expect(await search(`createdFrom=${daysFromToday(-1)}&createdTo=${daysFromToday(1)}`)).toHaveLength(5);
    expect(await search(`createdTo=${daysFromToday(-2)}`)).toEqual([]);
    expect(await search(`createdFrom=${daysFromToday(2)}`)).toEqual([]);
    expect(await search(`source=Web&clientType=individual&createdFrom=${today > '2000-01-01' ? '2000-01-01' : today}`)).toEqual(['Cabinet Médical']);
  });

  it('keeps the contact filters in step with contact changes, links and deletions', async () => {
    const org = await seedOrganisation(database.db, 'Contacts');
    const client = apiClient(app, org.collaboratorToken);
    const find = async (query: string) => (await client.get(`/api/v1/prospects?${query}`)).body.items.map((p: { id: string }) => p.id);
    const first = await seedProspect(client, org, { companyName: 'Un' });
    const second = await seedProspect(client, org, { companyName: 'Deux' });
    await seedContact(client, first.id, { firstName: 'Zoé', lastName: 'Préféré' });
    const contact = await seedContact(client, first.id, { firstName: 'Gaëlle', lastName: 'Ancien', email: 'gaelle@old.fr', mobile: '07 01 02 03 04' });
    await client.patch(`/api/v1/prospect-contacts/${contact.id}`, { lastName: 'Nouveau', email: 'gaelle@new.fr' });
    expect(await find('contactName=gaelle%20nouveau')).toEqual([first.id]);
    expect(await find('contactName=ancien')).toEqual([]);
    expect(await find('email=new.fr')).toEqual([first.id]);
    expect(await find('phone=0701')).toEqual([first.id]);
    await client.put(`/api/v1/prospects/${second.id}/contacts/${contact.id}`, {});
    expect((await find('contactName=nouveau')).sort()).toEqual([first.id, second.id].sort());
    await client.delete(`/api/v1/prospects/${first.id}/contacts/${contact.id}`);
    expect(await find('contactName=nouveau')).toEqual([second.id]);
    await client.post(`/api/v1/prospects/${second.id}/contacts/${(await seedContact(client, second.id, { firstName: 'Autre' })).id}/preferred`);
    await client.delete(`/api/v1/prospect-contacts/${contact.id}`);
    expect(await find('contactName=nouveau')).toEqual([]);
  });

  it('sorts and paginates without overlap', async () => {
    expect(await search('sort=city&order=desc')).toEqual(['Crêperie Bretonne', 'Cabinet Médical', 'Perdu & Fils', 'Garage Éclair', 'Signé SAS']);
    const pageOne = await search('pageSize=2&page=1');
    const pageTwo = await search('pageSize=2&page=2');
    const pageThree = await search('pageSize=2&page=3');
    expect([...pageOne, ...pageTwo, ...pageThree]).toEqual(await search(''));
  });

  it('refuses bad search parameters naming each one', async () => {
    const response = await apiClient(app, ids.orgToken).get('/api/v1/prospects?stage=won&createdFrom=2024-13-01&sort=height&businessAcquirer=maybe&sourceSalespersonId=x');
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['businessAcquirer', 'createdFrom', 'sort', 'sourceSalespersonId', 'stage.0']);
  });

  it('exports the current search, or every prospect, as an .xlsx read back row by row with typed cells', async () => {
    const client = apiClient(app, ids.orgToken);
    const fetchWorkbook = async (query: string) => {
      const response = await app.request(`/api/v1/prospects/export.xlsx?${query}`, { headers: { Authorization: `Bearer ${ids.orgToken}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="prospects-\d{4}-\d{2}-\d{2}\.xlsx"/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      return workbook.getWorksheet('Prospects')!;
    };

    const all = await fetchWorkbook('');
    expect((all.getRow(1).values as unknown[]).slice(1)).toEqual(exportColumns.map((column) => column.header));
    expect(all.rowCount).toBe(1 + 5);
    const listed = (await client.get('/api/v1/prospects')).body.items;
    const column = (key: string) => exportColumns.findIndex((c) => c.key === key) + 1;
    listed.forEach((prospect: any, index: number) => {
      const row = all.getRow(index + 2);
      expect(row.getCell(column('companyName')).value).toBe(prospect.companyName);
      expect(row.getCell(column('source')).value).toBe(prospect.source);
      expect(row.getCell(column('city')).value).toBe(prospect.city);
      expect(row.getCell(column('phone')).value ?? null).toBe(prospect.phone);
      expect(row.getCell(column('email')).value ?? null).toBe(prospect.email);
      const last = row.getCell(column('lastActionDate')).value;
      expect(last === null ? null : (last as Date).toISOString().slice(0, 10)).toBe(prospect.lastActionDate);
      const next = row.getCell(column('nextActionDate')).value;
      expect(next === null ? null : (next as Date).toISOString().slice(0, 10)).toBe(prospect.nextActionDate);
      expect(row.getCell(column('createdOn')).value).toBeInstanceOf(Date);
      expect(typeof row.getCell(column('fileCount')).value).toBe('number');
    });
    const crepes = all.getRow(listed.findIndex((p: any) => p.id === ids.crepes) + 2);
    expect(crepes.getCell(column('lastActionDate')).type).toBe(ExcelJS.ValueType.Date);
    expect(crepes.getCell(column('lastActionType')).value).toBe('Rendez-vous');
    expect(crepes.getCell(column('nextActionType')).value).toBe('Relance');
    expect(crepes.getCell(column('clientType')).value).toBe('Société');
    expect(crepes.getCell(column('status')).value).toBe('En cours');
    expect(crepes.getCell(column('siret')).value).toBe('73282932000074');
    const signed = all.getRow(listed.findIndex((p: any) => p.id === ids.signed) + 2);
    expect(signed.getCell(column('offerTotal')).value).toBe(2400);
    expect(signed.getCell(column('offerTotal')).type).toBe(ExcelJS.ValueType.Number);
    expect(signed.getCell(column('status')).value).toBe('Signé');

    const filtered = await fetchWorkbook('source=Web&sort=companyName&order=desc');
    expect(filtered.rowCount).toBe(1 + 2);
    expect([filtered.getRow(2).getCell(1).value, filtered.getRow(3).getCell(1).value]).toEqual(['Garage Éclair', 'Cabinet Médical']);
  });

  it('never exports another organisation’s prospects', async () => {
    const response = await app.request('/api/v1/prospects/export.xlsx', { headers: { Authorization: `Bearer ${other.adminToken}` } });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const names = workbook.getWorksheet('Prospects')!.getColumn(1).values.slice(2);
    expect(names).not.toContain('Crêperie Bretonne');
  });
});
