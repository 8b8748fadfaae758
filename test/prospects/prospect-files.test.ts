import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientContacts, clients, historyEntries, prospectFiles } from '../../db/schema/index.ts';
import { missingForConversion } from '../../domain/prospects/files/conversion-requirements.ts';
import { expectHiddenFromOtherOrganisations } from '../support/cross-organisation.ts';
import { twoOrganisations } from '../support/two-organisations.ts';
import { seedContact, seedConvertibleProspect, seedFile, seedProspect, seedReason } from './prospect-builders.ts';

const { database, acme, admin, collaborator: api, stranger } = await twoOrganisations();
let win: { id: string };
let loss: { id: string };

beforeAll(async () => {
  win = await seedReason(admin, 'win', 'Tarif compétitif');
  loss = await seedReason(admin, 'loss', 'Trop cher');
});

const rows = async (table: typeof clients | typeof prospectFiles | typeof historyEntries) => (await database.db.select({ n: count() }).from(table))[0]!.n;

describe('prospect files', () => {
  it('opens one file per service type and refuses a second one of the same type with a 409', async () => {
    const prospect = await seedProspect(api, acme);
    const accounting = await seedFile(api, prospect.id, { serviceType: 'accounting' });
    expect(accounting).toMatchObject({ stage: 'suspect', probability: 5, status: 'in_progress', clientType: 'company' });
    await seedFile(api, prospect.id, { serviceType: 'legal' });
    const before = await rows(prospectFiles);
    const again = await api.post(`/api/v1/prospects/${prospect.id}/files`, { serviceType: 'accounting', clientType: 'company' });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/already has a accounting file/);
    expect(await rows(prospectFiles)).toBe(before);
    expect((await api.get(`/api/v1/prospects/${prospect.id}/files`)).body.map((f: { serviceType: string }) => f.serviceType)).toEqual(['accounting', 'legal']);
  });

  it('shows each stage’s probability: Suspect 5, Qualifié 20, Evalué 50, En négociation 75', async () => {
    const prospect = await seedProspect(api, acme);
    const file = await seedFile(api, prospect.id);
    const seen: number[] = [];
    for (const stage of ['suspect', 'qualified', 'evaluated', 'negotiation']) {
      const response = await api.patch(`/api/v1/prospect-files/${file.id}`, { stage });
      seen.push(response.body.probability);
    }
    expect(seen).toEqual([5, 20, 50, 75]);
  });

  it('requires the client type and refuses bad input naming each field, writing nothing', async () => {
    const prospect = await seedProspect(api, acme);
    const before = await Promise.all([rows(prospectFiles), rows(historyEntries)]);
    const response = await api.post(`/api/v1/prospects/${prospect.id}/files`, {
      serviceType: 'astrology',
      stage: 'won-ish',
      startDate: '2026-05-01',
      endDate: '2026-04-01',
      offerAmountCents: 12.5,
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['clientType', 'endDate', 'offerAmountCents', 'serviceType', 'stage']);
    expect(await Promise.all([rows(prospectFiles), rows(historyEntries)])).toEqual(before);
  });

  it('refuses a firm that does not offer the service, saying which service to grant', async () => {
    const firm = await admin.post('/api/v1/firms', { name: 'Cabinet Social', services: ['payroll'] });
    const prospect = await seedProspect(api, acme);
    const response = await api.post(`/api/v1/prospects/${prospect.id}/files`, { serviceType: 'legal', clientType: 'company', firmId: firm.body.id });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: 'firmId', message: expect.stringMatching(/does not offer the Juridique \(legal\) service; grant it under Administration > Cabinets > Services/) }),
    ]);
  });

  it('refuses a holder, partner or mission executor without access to the service, saying what to grant', async () => {
    const outsider = await admin.post('/api/v1/users', { email: 'paie@acme.test', firstName: 'Paula', lastName: 'Paie', role: 'collaborator', firmIds: [acme.firm.id], services: ['payroll'] });
    const prospect = await seedProspect(api, acme);
    const response = await api.post(`/api/v1/prospects/${prospect.id}/files`, {
      serviceType: 'accounting',
      clientType: 'company',
      firmId: acme.firm.id,
      holderUserId: outsider.body.id,
      partnerUserId: outsider.body.id,
      missions: [
        { label: 'Tenue comptable', executorUserId: acme.collaborator.id },
        { label: 'Bilan', executorUserId: outsider.body.id },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['holderUserId', 'partnerUserId', 'missions.1.executorUserId']);
    expect(response.body.errors[0].message).toMatch(/Paula Paie has no access to the Comptabilité \(accounting\) service; grant it under Collaborateurs/);
  });

  it('keeps the missions of the contract type with an executor for accounting and legal files only', async () => {
    const prospect = await seedProspect(api, acme);
    const file = await seedFile(api, prospect.id, { serviceType: 'legal', missions: [{ label: 'Approbation des comptes', executorUserId: acme.collaborator.id }] });
    expect(file.missions).toEqual([{ label: 'Approbation des comptes', executorUserId: acme.collaborator.id }]);
    const payroll = await api.post(`/api/v1/prospects/${prospect.id}/files`, { serviceType: 'payroll', clientType: 'company', missions: [{ label: 'Paie', executorUserId: acme.collaborator.id }] });
    expect(payroll.status).toBe(400);
    expect(payroll.body.errors[0]).toMatchObject({ field: 'missions' });
  });

  it('refuses the conversion with the list of what is missing, and writes nothing', () => {
    expect(missingForConversion({ contactCount: 0, file: null })).toEqual(['contact', 'file', 'letterTemplate', 'offer']);
    expect(missingForConversion({ contactCount: 1, file: { letterTemplateKey: 'standard', offerAmountCents: 0 } })).toEqual([]);
  });

  it('requires a win reason to mark a file signed, then refuses it listing the missing contact, template and offer', async () => {
    const prospect = await seedProspect(api, acme);
    const file = await seedFile(api, prospect.id);
    const noReason = await api.post(`/api/v1/prospect-files/${file.id}/mark-signed`, { reasonIds: [] });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'reasonIds', message: 'choose at least one win reason' })]);
    const lossAsWin = await api.post(`/api/v1/prospect-files/${file.id}/mark-signed`, { reasonIds: [loss.id] });
    expect(lossAsWin.status).toBe(400);
    expect(lossAsWin.body.errors).toEqual([expect.objectContaining({ field: 'reasonIds.0' })]);

    const before = await Promise.all([rows(clients), rows(historyEntries)]);
    const refused = await api.post(`/api/v1/prospect-files/${file.id}/mark-signed`, { reasonIds: [win.id] });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.missing).toEqual(['contact', 'letterTemplate', 'offer']);
    expect(refused.body.detail).toMatch(/add a contact.*engagement-letter template.*offer amount/);
    expect(await Promise.all([rows(clients), rows(historyEntries)])).toEqual(before);

    await seedContact(api, prospect.id);
    await api.patch(`/api/v1/prospect-files/${file.id}`, { letterTemplateKey: 'standard' });
    const stillRefused = await api.post(`/api/v1/prospect-files/${file.id}/mark-signed`, { reasonIds: [win.id] });
    expect(stillRefused.body.missing).toEqual(['offer']);
  });

  it('converts the prospect into a client when a file is marked signed, keeping the stage and copying the contacts', async () => {
    const { prospect, contact, file } = await seedConvertibleProspect(api, acme, { companyName: 'Garage Martin', siret: '73282932000074', city: 'Lyon' });
    await seedContact(api, prospect.id, { firstName: 'Paul', lastName: 'Martin', email: 'paul@garage.fr' });
    const signed = await api.post(`/api/v1/prospect-files/${file.id}/mark-signed`, { reasonIds: [win.id] });
    expect(signed.status).toBe(200);
    expect(signed.body.file).toMatchObject({ status: 'signed', stage: 'suspect', reasons: [{ id: win.id, label: 'Tarif compétitif' }] });
    const [client] = await database.db.select().from(clients).where(eq(clients.id, signed.body.clientId));
    expect(client).toMatchObject({ prospectId: prospect.id, name: 'Garage Martin', siret: '73282932000074', siren: '732829320', city: 'Lyon', firmId: acme.firm.id, holderUserId: acme.collaborator.id, kind: 'company' });
    const copied = await database.db.select().from(clientContacts).where(eq(clientContacts.clientId, client!.id));
    expect(copied.map((c) => [c.email, c.isPreferred]).sort()).toEqual([
      [contact.email, true],
      ['paul@garage.fr', false],
    ]);
    const after = await api.get(`/api/v1/prospects/${prospect.id}`);
    expect(after.body).toMatchObject({ status: 'signed', clientId: client!.id });
    expect((await api.post(`/api/v1/prospect-files/${file.id}/mark-signed`, { reasonIds: [win.id] })).status).toBe(409);
  });

  it('converts automatically when a file moves to Gagné, and only once for a second won file', async () => {
    const { prospect, file } = await seedConvertibleProspect(api, acme, { companyName: 'Won SARL' });
    const before = await rows(clients);
    const won = await api.patch(`/api/v1/prospect-files/${file.id}`, { stage: 'won' });
    expect(won.status).toBe(200);
    expect(won.body).toMatchObject({ stage: 'won', probability: 99, status: 'signed' });
    expect(await rows(clients)).toBe(before + 1);
    const read = await api.get(`/api/v1/prospects/${prospect.id}`);
    expect(read.body.status).toBe('signed');
    const legal = await seedFile(api, prospect.id, { serviceType: 'legal', letterTemplateKey: 'standard', offerAmountCents: 50_000 });
    expect((await api.patch(`/api/v1/prospect-files/${legal.id}`, { stage: 'won' })).status).toBe(200);
    expect(await rows(clients)).toBe(before + 1);
  });

  it('refuses to move a file to Gagné while the conversion’s preconditions are missing, and leaves it unchanged', async () => {
    const prospect = await seedProspect(api, acme);
    const file = await seedFile(api, prospect.id, { stage: 'negotiation' });
    const response = await api.patch(`/api/v1/prospect-files/${file.id}`, { stage: 'won' });
    expect(response.status).toBe(422);
    expect(response.body.missing).toEqual(['contact', 'letterTemplate', 'offer']);
    expect((await api.get(`/api/v1/prospect-files/${file.id}`)).body).toMatchObject({ stage: 'negotiation', status: 'in_progress' });
  });

  it('requires a loss reason and a written justification to mark a file lost', async () => {
    const prospect = await seedProspect(api, acme);
    const file = await seedFile(api, prospect.id);
    const empty = await api.post(`/api/v1/prospect-files/${file.id}/mark-lost`, { reasonIds: [], justification: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['justification', 'reasonIds']);
    const lost = await api.post(`/api/v1/prospect-files/${file.id}/mark-lost`, { reasonIds: [loss.id], justification: 'A choisi un cabinet moins cher.' });
    expect(lost.status).toBe(200);
    expect(lost.body).toMatchObject({ status: 'lost', lossJustification: 'A choisi un cabinet moins cher.', reasons: [{ id: loss.id, label: 'Trop cher' }] });
    expect((await api.get(`/api/v1/prospects/${prospect.id}`)).body.status).toBe('lost');
    expect((await api.patch(`/api/v1/prospect-files/${file.id}`, { stage: 'qualified' })).status).toBe(409);
  });

  it('deletes a file', async () => {
    const prospect = await seedProspect(api, acme);
    const file = await seedFile(api, prospect.id);
    expect((await api.delete(`/api/v1/prospect-files/${file.id}`)).status).toBe(204);
    expect((await api.get(`/api/v1/prospect-files/${file.id}`)).status).toBe(404);
    await seedFile(api, prospect.id);
  });

  it('lets administrators configure the reason lists, and only them', async () => {
    expect((await api.post('/api/v1/prospect-reasons', { kind: 'win', label: 'Réactivité' })).status).toBe(403);
    const created = await seedReason(admin, 'win', 'Réactivité');
    expect((await admin.post('/api/v1/prospect-reasons', { kind: 'win', label: 'Réactivité' })).status).toBe(409);
    const list = await api.get('/api/v1/prospect-reasons?kind=win');
    expect(list.body.map((r: { label: string }) => r.label)).toEqual(['Réactivité', 'Tarif compétitif']);
    expect((await admin.delete(`/api/v1/prospect-reasons/${created.id}`)).status).toBe(204);
    expect((await api.get('/api/v1/prospect-reasons?kind=win')).body.map((r: { label: string }) => r.label)).toEqual(['Tarif compétitif']);
  });

  it('hides files from other organisations, including signing and losing them', async () => {
    const prospect = await seedProspect(api, acme);
    const file = await seedFile(api, prospect.id);
    const theirWin = await seedReason(stranger, 'win', 'Leur raison');
    await expectHiddenFromOtherOrganisations(api, stranger, {
      resourcePath: `/api/v1/prospect-files/${file.id}`,
      update: { body: { stage: 'qualified' } },
      actions: [
        { method: 'POST', path: `/api/v1/prospect-files/${file.id}/mark-signed`, body: { reasonIds: [theirWin.id] } },
        { method: 'POST', path: `/api/v1/prospect-files/${file.id}/mark-lost`, body: { reasonIds: [theirWin.id], justification: 'x' } },
        { method: 'GET', path: `/api/v1/prospects/${prospect.id}/files` },
        { method: 'POST', path: `/api/v1/prospects/${prospect.id}/files`, body: { serviceType: 'legal', clientType: 'company' } },
      ],
    });
  });

  it('hides reasons from other organisations', async () => {
    await expectHiddenFromOtherOrganisations(admin, stranger, { resourcePath: `/api/v1/prospect-reasons/${win.id}`, update: { body: { label: 'Pwned' } } });
    expect((await stranger.get('/api/v1/prospect-reasons')).body.map((r: { id: string }) => r.id)).not.toContain(win.id);
  });
});
