import ICAL from 'ical.js';
import { count } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { historyEntries, prospectContactLinks, prospectContacts } from '../../db/schema/index.ts';
import { contactToVCard, foldVCardLine } from '../../domain/prospects/contacts/contact-vcard.ts';
import { expectHiddenFromOtherOrganisations } from '../support/cross-organisation.ts';
import { twoOrganisations } from '../support/two-organisations.ts';
import { seedContact, seedProspect } from './prospect-builders.ts';

const { database, acme, other, collaborator: api, stranger } = await twoOrganisations();

const rows = async (table: typeof prospectContacts | typeof prospectContactLinks | typeof historyEntries) => (await database.db.select({ n: count() }).from(table))[0]!.n;

describe('prospect contacts', () => {
  it('makes a prospect’s first contact its preferred contact, and only the first', async () => {
    const prospect = await seedProspect(api, acme);
    const first = await seedContact(api, prospect.id);
    const second = await seedContact(api, prospect.id, { firstName: 'Paul', email: 'paul@example.fr' });
    expect(first.isPreferred).toBe(true);
    expect(second.isPreferred).toBe(false);
    const list = await api.get(`/api/v1/prospects/${prospect.id}/contacts`);
    expect(list.body.map((c: { id: string; isPreferred: boolean }) => [c.id, c.isPreferred])).toEqual([
      [first.id, true],
      [second.id, false],
    ]);
  });

  it('stores every field of a contact: civility, phones, function, birth date and subscriptions', async () => {
    const prospect = await seedProspect(api, acme);
    const contact = await seedContact(api, prospect.id, {
      civility: 'Mme',
      homePhone: '01 23 45 67 89',
      mobile: '+33 6 12 34 56 78',
      email: 'Claire.Martin@Example.FR',
      function: 'Gérante',
      birthDate: '1980-02-29',
      newsletter: true,
      informationBulletin: true,
    });
    expect(contact).toMatchObject({
      civility: 'Mme',
      homePhone: '01 23 45 67 89',
      mobile: '+33 6 12 34 56 78',
      email: 'claire.martin@example.fr',
      function: 'Gérante',
      birthDate: '1980-02-29',
      newsletter: true,
      informationBulletin: true,
    });
  });

  it('refuses an invalid contact with a 400 naming each field, and writes nothing', async () => {
    const prospect = await seedProspect(api, acme);
    const before = await Promise.all([rows(prospectContacts), rows(historyEntries)]);
    const response = await api.post(`/api/v1/prospects/${prospect.id}/contacts`, { firstName: '', lastName: 'X', email: 'nope', mobile: '12', birthDate: '1980-02-30', civility: 'Dr' });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['birthDate', 'civility', 'email', 'firstName', 'mobile']);
    expect(await Promise.all([rows(prospectContacts), rows(historyEntries)])).toEqual(before);
  });

  it('links a contact already in the organisation to another prospect instead of duplicating it', async () => {
    const first = await seedProspect(api, acme, { companyName: 'Première SARL' });
    const second = await seedProspect(api, acme, { companyName: 'Seconde SAS' });
    const contact = await seedContact(api, first.id, { firstName: 'Hélène', lastName: 'Dubois', email: 'helene@dubois.fr' });
    const found = await api.get('/api/v1/prospect-contacts?search=helene%20dub');
    expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([contact.id]);
    const contactsBefore = await rows(prospectContacts);
    const linked = await api.put(`/api/v1/prospects/${second.id}/contacts/${contact.id}`, {});
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({ id: contact.id, isPreferred: true });
    expect(await rows(prospectContacts)).toBe(contactsBefore);
    const read = await api.get(`/api/v1/prospect-contacts/${contact.id}`);
    expect(read.body.prospects.map((p: { prospectId: string }) => p.prospectId).sort()).toEqual([first.id, second.id].sort());
  });

  it('moves the preferred flag to the chosen contact', async () => {
    const prospect = await seedProspect(api, acme);
    const first = await seedContact(api, prospect.id);
    const second = await seedContact(api, prospect.id, { firstName: 'Paul' });
    const response = await api.post(`/api/v1/prospects/${prospect.id}/contacts/${second.id}/preferred`);
    expect(response.status).toBe(200);
    const list = await api.get(`/api/v1/prospects/${prospect.id}/contacts`);
    expect(list.body.filter((c: { isPreferred: boolean }) => c.isPreferred).map((c: { id: string }) => c.id)).toEqual([second.id]);
    expect(list.body.map((c: { id: string }) => c.id)).toContain(first.id);
  });

  it('refuses with a 409 that says why to remove or delete the preferred contact, and allows it for another', async () => {
    const prospect = await seedProspect(api, acme);
    const preferred = await seedContact(api, prospect.id);
    const other = await seedContact(api, prospect.id, { firstName: 'Paul' });
    const linksBefore = await rows(prospectContactLinks);

    const unlink = await api.delete(`/api/v1/prospects/${prospect.id}/contacts/${preferred.id}`);
    expect(unlink.status).toBe(409);
    expect(unlink.headers.get('content-type')).toContain('application/problem+json');
    expect(unlink.body.detail).toMatch(/preferred contact/);
    const remove = await api.delete(`/api/v1/prospect-contacts/${preferred.id}`);
    expect(remove.status).toBe(409);
    expect(remove.body.detail).toMatch(/preferred contact/);
    expect(await rows(prospectContactLinks)).toBe(linksBefore);

    expect((await api.delete(`/api/v1/prospect-contacts/${other.id}`)).status).toBe(204);
    expect((await api.get(`/api/v1/prospect-contacts/${other.id}`)).status).toBe(404);
  });

  it('downloads a vCard 3.0 that a vCard parser reads back field by field', async () => {
    const prospect = await seedProspect(api, acme, {
      companyName: 'Établissements Lefèvre, Fils & Cie; Lyon',
      street: '12 rue de la République',
      postalCode: '69002',
      city: 'Lyon',
    });
    const contact = await seedContact(api, prospect.id, {
      civility: 'Mme',
      firstName: 'Anne-Sophie',
      lastName: 'Lefèvre-Éléonore de la Tour d’Auvergne',
      email: 'as.lefevre@lefevre.fr',
      mobile: '06 12 34 56 78',
      homePhone: '04 78 00 00 00',
      // RFC 2426 escapes ";" in every text value; ical.js unescapes it only in structured
      // properties (RFC 6350 rules), so the semicolon is checked on ORG and the comma here.
      function: 'Directrice administrative, financière et juridique — responsable des relations avec l’expert-comptable',
      birthDate: '1975-06-15',
    });
    const response = await api.get(`/api/v1/prospect-contacts/${contact.id}/vcard`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/vcard');
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.vcf"/);
    for (const line of response.text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);

    const card = new ICAL.Component(ICAL.parse(response.text));
    expect(card.name).toBe('vcard');
    expect(card.getFirstPropertyValue('version')).toBe('3.0');
    expect(card.getFirstPropertyValue('fn')).toBe('Anne-Sophie Lefèvre-Éléonore de la Tour d’Auvergne');
    expect(card.getFirstProperty('n')!.getValues()[0]).toEqual(['Lefèvre-Éléonore de la Tour d’Auvergne', 'Anne-Sophie', '', 'Mme', '']);
    expect(card.getFirstPropertyValue('org')).toBe('Établissements Lefèvre, Fils & Cie; Lyon');
    expect(card.getFirstPropertyValue('title')).toBe('Directrice administrative, financière et juridique — responsable des relations avec l’expert-comptable');
    expect(card.getFirstPropertyValue('email')).toBe('as.lefevre@lefevre.fr');
    const phones = card.getAllProperties('tel').map((tel) => [tel.getParameter('type'), tel.getFirstValue()]);
    expect(phones).toEqual([
      [['CELL', 'VOICE'], '06 12 34 56 78'],
      [['HOME', 'VOICE'], '04 78 00 00 00'],
    ]);
    expect(String(card.getFirstPropertyValue('bday'))).toBe('1975-06-15');
    expect(card.getFirstProperty('adr')!.getValues()[0]).toEqual(['', '', '12 rue de la République', 'Lyon', '', '69002', 'FR']);
  });

  it('folds long lines without splitting a multi-byte character', () => {
    const folded = foldVCardLine(`NOTE:${'é'.repeat(100)}`);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(`NOTE:${'é'.repeat(100)}`);
    const vcard = contactToVCard({
      id: '00000000-0000-4000-8000-000000000000',
      organisationId: '00000000-0000-4000-8000-000000000000',
      civility: null,
      firstName: 'A\\B',
      lastName: 'C\nD',
      nameSearch: '',
      homePhone: null,
      homePhoneDigits: null,
      mobile: null,
      mobileDigits: null,
      email: null,
      function: null,
      birthDate: null,
      newsletter: false,
      informationBulletin: false,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    expect(new ICAL.Component(ICAL.parse(vcard)).getFirstPropertyValue('fn')).toBe('A\\B C\nD');
  });

  it('hides contacts from other organisations, including the vCard, linking and the preferred flag', async () => {
    const prospect = await seedProspect(api, acme);
    const contact = await seedContact(api, prospect.id);
    const theirProspect = await seedProspect(stranger, other);
    await expectHiddenFromOtherOrganisations(api, stranger, {
      resourcePath: `/api/v1/prospect-contacts/${contact.id}`,
      update: { body: { firstName: 'Pwned' } },
      actions: [
        { method: 'GET', path: `/api/v1/prospect-contacts/${contact.id}/vcard` },
        { method: 'PUT', path: `/api/v1/prospects/${theirProspect.id}/contacts/${contact.id}` },
        { method: 'POST', path: `/api/v1/prospects/${prospect.id}/contacts/${contact.id}/preferred`, body: {} },
        { method: 'DELETE', path: `/api/v1/prospects/${prospect.id}/contacts/${contact.id}` },
        { method: 'GET', path: `/api/v1/prospects/${prospect.id}/contacts` },
        { method: 'POST', path: `/api/v1/prospects/${prospect.id}/contacts`, body: { firstName: 'Intrus', lastName: 'Externe' } },
      ],
    });
    const search = await stranger.get('/api/v1/prospect-contacts?search=claire');
    expect(search.body.total).toBe(0);
  });
});
