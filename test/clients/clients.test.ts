import { createHash } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { clientContacts, clients, historyEntries } from '../../db/schema/index.ts';
import { expectHiddenFromOtherOrganisations } from '../support/cross-organisation.ts';
import { seedClient } from '../support/seed-clients.ts';
import { seedDraftMission } from '../support/seed-missions.ts';
import { twoOrganisations } from '../support/two-organisations.ts';

const { database, acme, other, admin, collaborator, stranger } = await twoOrganisations();

const rowCounts = async () =>
  Promise.all([clients, clientContacts, historyEntries].map(async (table) => (await database.db.select({ n: count() }).from(table))[0]!.n));

const fieldsOf = (body: { errors: Array<{ field: string }> }) => body.errors.map((error) => error.field).sort();

const preferredOf = async (clientId: string) =>
  (await admin.get(`/api/v1/clients/${clientId}`)).body.contacts.filter((contact: { isPreferred: boolean }) => contact.isPreferred).map((contact: { id: string }) => contact.id);

describe('client records', () => {
  it('creates a company client with its contacts; the first contact is preferred and the mobile stored in E.164', async () => {
    const response = await collaborator.post('/api/v1/clients', {
      kind: 'company',
      name: 'Garage Dupont',
      legalForm: 'SAS',
      siren: '552 100 554',
      siret: '552 100 554 00013',
      street: '3 avenue Jean Jaurès',
      postalCode: '69007',
      city: 'Lyon',
      holderUserId: acme.collaborator.id,
      contacts: [
        { firstName: 'Paul', lastName: 'Dupont', email: 'Paul@Garage-Dupont.test', mobile: '06 12 34 56 78' },
        { firstName: 'Julie', lastName: 'Dupont', mobile: '+33 7 81 23 45 67' },
      ],
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ siren: '552100554', siret: '55210055400013', country: 'FR', organisationId: acme.organisationId });
    expect(response.body.contacts.map((c: { firstName: string; isPreferred: boolean; email: string | null; mobile: string }) => [c.firstName, c.isPreferred, c.email, c.mobile]).sort()).toEqual([
      ['Julie', false, null, '+33781234567'],
      ['Paul', true, 'paul@garage-dupont.test', '+33612345678'],
    ]);
    expect(response.body.contacts[0]).not.toHaveProperty('portalTokenHash');
    const history = await admin.get(`/api/v1/history?entityType=client&entityId=${response.body.id}`);
    expect(history.body.items).toEqual([expect.objectContaining({ action: 'create', actorUserId: acme.collaborator.id })]);
  });

  it('refuses a SIREN and a SIRET that fail the Luhn check, naming both, and writes nothing', async () => {
    const before = await rowCounts();
    const response = await admin.post('/api/v1/clients', { kind: 'company', name: 'Mauvais Numéros', siren: '732829321', siret: '73282932000075' });
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toEqual(['siren', 'siret']);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a SIRET that does not start with the SIREN, on creation and on update', async () => {
    const created = await admin.post('/api/v1/clients', { kind: 'company', name: 'Décalé', siren: '732829320', siret: '55210055400013' });
    expect(created.status).toBe(400);
    expect(fieldsOf(created.body)).toEqual(['siret']);
    const client = await seedClient(database.db, acme);
    const patched = await admin.patch(`/api/v1/clients/${client.id}`, { siret: '55210055400013' });
    expect(patched.status).toBe(400);
    expect(fieldsOf(patched.body)).toEqual(['siret']);
    expect((await admin.get(`/api/v1/clients/${client.id}`)).body.siret).toBe(client.siret);
  });

  it('refuses contacts with an invalid email or a number that is not a mobile, naming each field', async () => {
    const before = await rowCounts();
    const response = await admin.post('/api/v1/clients', {
      kind: 'individual',
      name: 'Jean Durand',
      contacts: [
        { firstName: 'Jean', lastName: 'Durand', email: 'jean@', mobile: '01 23 45 67 89' },
        { firstName: '', lastName: 'Durand', mobile: '0612' },
      ],
    });
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toEqual(['contacts.0.email', 'contacts.0.mobile', 'contacts.1.firstName', 'contacts.1.mobile']);
    const client = await seedClient(database.db, acme);
    const added = await admin.post(`/api/v1/clients/${client.id}/contacts`, { firstName: 'Léa', lastName: 'Martin', email: 'lea', mobile: '12' });
    expect(added.status).toBe(400);
    expect(fieldsOf(added.body)).toEqual(['email', 'mobile']);
    expect(await rowCounts()).toEqual([before[0]! + 1, before[1]! + 1, before[2]! + 1]);
  });

  it('refuses a holder from another organisation, naming holderUserId', async () => {
    const response = await admin.post('/api/v1/clients', { kind: 'company', name: 'Infiltré', holderUserId: other.collaborator.id });
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toEqual(['holderUserId']);
  });

  it('searches clients by name, case-insensitively, with stable pagination', async () => {
    for (const name of ['Pharmacie du Port', 'PHARMACIE CENTRALE', 'Pharmacie 100%']) await seedClient(database.db, acme, { name, siren: null, siret: null });
    await seedClient(database.db, other, { name: 'Pharmacie Étrangère' });
    const found = await admin.get('/api/v1/clients?search=pharmacie&pageSize=200');
    expect(found.body.items.map((client: { name: string }) => client.name)).toEqual(['Pharmacie 100%', 'PHARMACIE CENTRALE', 'Pharmacie du Port']);
    expect((await admin.get('/api/v1/clients?search=100%25')).body.items.map((client: { name: string }) => client.name)).toEqual(['Pharmacie 100%']);
    const pageOne = await admin.get('/api/v1/clients?search=pharmacie&page=1&pageSize=2');
    const pageTwo = await admin.get('/api/v1/clients?search=pharmacie&page=2&pageSize=2');
    expect(pageOne.body.total).toBe(3);
    expect([...pageOne.body.items, ...pageTwo.body.items].map((client: { id: string }) => client.id)).toEqual(found.body.items.map((client: { id: string }) => client.id));
  });

  it('records each changed field of a client in the history', async () => {
    const client = await seedClient(database.db, acme);
    const response = await admin.patch(`/api/v1/clients/${client.id}`, { name: 'Boulangerie Martin & Fils', city: 'Paris' });
    expect(response.status).toBe(200);
    const history = await admin.get(`/api/v1/history?entityType=client&entityId=${client.id}`);
    expect(history.body.items.map((entry: { action: string; field: string | null }) => [entry.action, entry.field])).toEqual([
      ['create', null],
      ['update', 'name'],
    ]);
  });

  it('deletes a client without missions, and refuses (409) one with a mission', async () => {
    const unused = await seedClient(database.db, acme);
    expect((await admin.delete(`/api/v1/clients/${unused.id}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/clients/${unused.id}`)).status).toBe(404);
    expect(await database.db.select().from(clientContacts).where(eq(clientContacts.clientId, unused.id))).toEqual([]);

    const engaged = await seedClient(database.db, acme);
    await seedDraftMission(database.db, acme, { clientId: engaged.id, name: 'Tenue 2026' });
    const refused = await admin.delete(`/api/v1/clients/${engaged.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/missions/);
    expect((await admin.get(`/api/v1/clients/${engaged.id}`)).status).toBe(200);
  });
});

describe('client contacts', () => {
  it('keeps exactly one preferred contact: a new preferred contact takes the flag', async () => {
    const client = await seedClient(database.db, acme);
    const [claire] = client.contacts;
    const plain = await admin.post(`/api/v1/clients/${client.id}/contacts`, { firstName: 'Marc', lastName: 'Martin' });
    expect(plain.status).toBe(201);
    expect(plain.body.isPreferred).toBe(false);
    expect(await preferredOf(client.id)).toEqual([claire!.id]);

    const preferred = await admin.post(`/api/v1/clients/${client.id}/contacts`, { firstName: 'Nina', lastName: 'Martin', isPreferred: true });
    expect(await preferredOf(client.id)).toEqual([preferred.body.id]);

    const promoted = await admin.patch(`/api/v1/clients/${client.id}/contacts/${plain.body.id}`, { isPreferred: true });
    expect(promoted.status).toBe(200);
    expect(await preferredOf(client.id)).toEqual([plain.body.id]);
    const history = await admin.get(`/api/v1/history?entityType=client_contact&entityId=${preferred.body.id}`);
    expect(history.body.items.at(-1)).toMatchObject({ field: 'isPreferred', oldValue: true, newValue: false });
  });

  it('refuses (409) to un-mark the preferred contact', async () => {
    const client = await seedClient(database.db, acme);
    const response = await admin.patch(`/api/v1/clients/${client.id}/contacts/${client.contacts[0]!.id}`, { isPreferred: false });
    expect(response.status).toBe(409);
    expect(await preferredOf(client.id)).toEqual([client.contacts[0]!.id]);
  });

  it('reads a client with its contacts oldest first, as the list shows it, and a client without contacts with none', async () => {
    const client = await seedClient(database.db, acme, { name: 'Menuiserie Lenoir' });
    const second = await admin.post(`/api/v1/clients/${client.id}/contacts`, { firstName: 'Marc', lastName: 'Lenoir' });
    const read = await admin.get(`/api/v1/clients/${client.id}`);
    expect(read.status).toBe(200);
    expect(read.body.contacts.map((contact: { id: string }) => contact.id)).toEqual([client.contacts[0]!.id, second.body.id]);
    expect(read.body.contacts[1]).toEqual(second.body);
    expect((await admin.get('/api/v1/clients?search=Menuiserie%20Lenoir')).body.items).toEqual([read.body]);
    const alone = await seedClient(database.db, acme, { contacts: [] });
    expect((await admin.get(`/api/v1/clients/${alone.id}`)).body).toMatchObject({ id: alone.id, contacts: [] });
  });

  it('makes the first contact of a client without contacts preferred', async () => {
    const client = await seedClient(database.db, acme, { contacts: [] });
    const first = await admin.post(`/api/v1/clients/${client.id}/contacts`, { firstName: 'Seul', lastName: 'Contact' });
    expect(first.body.isPreferred).toBe(true);
  });

  it('hands the preferred flag to the oldest remaining contact when the preferred one is deleted', async () => {
    const client = await seedClient(database.db, acme);
    const second = await admin.post(`/api/v1/clients/${client.id}/contacts`, { firstName: 'Marc', lastName: 'Martin' });
    await admin.post(`/api/v1/clients/${client.id}/contacts`, { firstName: 'Nina', lastName: 'Martin' });
    expect((await admin.delete(`/api/v1/clients/${client.id}/contacts/${client.contacts[0]!.id}`)).status).toBe(204);
    expect(await preferredOf(client.id)).toEqual([second.body.id]);
  });

  it('changes a contact’s details, validating the mobile', async () => {
    const client = await seedClient(database.db, acme);
    const contactPath = `/api/v1/clients/${client.id}/contacts/${client.contacts[0]!.id}`;
    const bad = await admin.patch(contactPath, { mobile: '01 23 45 67 89' });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(['mobile']);
    const good = await admin.patch(contactPath, { mobile: '07 81 23 45 67', function: 'Co-gérante' });
    expect(good.body).toMatchObject({ mobile: '+33781234567', function: 'Co-gérante', isPreferred: true });
  });

  it('issues a portal token shown once, stores only its SHA-256, and rotates it when issued again', async () => {
    const client = await seedClient(database.db, acme);
    const contact = client.contacts[0]!;
    const path = `/api/v1/clients/${client.id}/contacts/${contact.id}/portal-token`;
    const first = await collaborator.post(path);
    expect(first.status).toBe(201);
    expect(first.body.portalUrl).toBe(`http://localhost:3000/portal?token=${first.body.token}`);
    const stored = async () => (await database.db.select().from(clientContacts).where(eq(clientContacts.id, contact.id)))[0]!.portalTokenHash;
    expect(await stored()).toBe(createHash('sha256').update(first.body.token).digest('hex'));
    expect((await admin.get(`/api/v1/clients/${client.id}/contacts/${contact.id}`)).body).toMatchObject({ hasPortalAccess: true });

    const second = await collaborator.post(path);
    expect(second.body.token).not.toBe(first.body.token);
    expect(await stored()).toBe(createHash('sha256').update(second.body.token).digest('hex'));

    expect((await collaborator.delete(path)).status).toBe(204);
    expect(await stored()).toBeNull();
    expect((await admin.get(`/api/v1/clients/${client.id}/contacts/${contact.id}`)).body.hasPortalAccess).toBe(false);
  });

  it('answers 404 for a contact of another client', async () => {
    const client = await seedClient(database.db, acme);
    const otherClient = await seedClient(database.db, acme);
    expect((await admin.get(`/api/v1/clients/${client.id}/contacts/${otherClient.contacts[0]!.id}`)).status).toBe(404);
    expect((await admin.post(`/api/v1/clients/${client.id}/contacts/${otherClient.contacts[0]!.id}/portal-token`)).status).toBe(404);
  });
});

describe('tenancy', () => {
  it('hides clients from other organisations', async () => {
    const client = await seedClient(database.db, acme);
    await expectHiddenFromOtherOrganisations(admin, stranger, {
      resourcePath: `/api/v1/clients/${client.id}`,
      update: { body: { name: 'Pwned' } },
      actions: [{ method: 'POST', path: `/api/v1/clients/${client.id}/contacts`, body: { firstName: 'Intrus', lastName: 'X' } }],
    });
    expect((await stranger.get('/api/v1/clients?search=Boulangerie')).body.items).toEqual([]);
  });

  it('hides contacts and their portal tokens from other organisations', async () => {
    const client = await seedClient(database.db, acme);
    const contactPath = `/api/v1/clients/${client.id}/contacts/${client.contacts[0]!.id}`;
    await expectHiddenFromOtherOrganisations(admin, stranger, {
      resourcePath: contactPath,
      update: { body: { firstName: 'Pwned' } },
      actions: [
        { method: 'POST', path: `${contactPath}/portal-token` },
        { method: 'DELETE', path: `${contactPath}/portal-token` },
      ],
    });
  });
});
