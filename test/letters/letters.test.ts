import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPdfRenderer, DEFAULT_CHROMIUM_PATH, type PdfRenderer } from '../../adapters/pdf/pdf-renderer.ts';
import type { DocumentStorage } from '../../adapters/storage/document-storage.ts';
import { LocalDocumentStorage } from '../../adapters/storage/local-document-storage.ts';
import type { App } from '../../api/app.ts';
import type { Database } from '../../db/client.ts';
import { documents, historyEntries, missionLetters } from '../../db/schema/index.ts';
import { freezeMissionLetter } from '../../domain/letters/mission-letter.ts';
import { LETTER_MODEL_KINDS } from '../../domain/letters/letter-model-kinds.ts';
import { expectHiddenFromOtherOrganisations } from '../support/cross-organisation.ts';
import { adminActor } from '../support/seed-catalogue.ts';
import { seedOrganisation, type SeededOrganisation } from '../support/seed.ts';
import { apiClient, createTestApp, type ApiClient } from '../support/test-app.ts';
import { createTestDatabase } from '../support/test-database.ts';
import { seedContact, seedFile, seedProspect } from '../prospects/prospect-builders.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDraftMissionWithFolders } from './letter-world.ts';
import { pdfText } from './pdf-text.ts';

let database: Database;
let app: App;
let renderer: PdfRenderer;
let storage: DocumentStorage;
let acme: SeededOrganisation;
let admin: ApiClient;
let collaborator: ApiClient;
let stranger: ApiClient;
let world: Awaited<ReturnType<typeof seedDraftMissionWithFolders>>;

beforeAll(async () => {
  database = await createTestDatabase();
  renderer = createPdfRenderer({ chromiumPath: DEFAULT_CHROMIUM_PATH, poolSize: 2 });
  storage = new LocalDocumentStorage({ root: mkdtempSync(join(tmpdir(), 'echeance-letters-')) });
  app = createTestApp(database, { pdfRenderer: renderer, documentStorage: storage });
  acme = await seedOrganisation(database.db, 'Acme');
  const other = await seedOrganisation(database.db, 'Other');
  admin = apiClient(app, acme.adminToken);
  collaborator = apiClient(app, acme.collaboratorToken);
  stranger = apiClient(app, other.adminToken);
  world = await seedDraftMissionWithFolders(database.db, acme);
}, 60_000);
afterAll(async () => {
  await renderer?.close();
  await database?.close();
});

async function binary(path: string, body: unknown, token = acme.adminToken) {
  const response = await app.request(path, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, type: response.headers.get('content-type') ?? '', bytes: new Uint8Array(await response.arrayBuffer()) };
}

const rowCounts = async () => {
  const [letters] = await database.db.select({ n: count() }).from(missionLetters);
  const [docs] = await database.db.select({ n: count() }).from(documents);
  const [history] = await database.db.select({ n: count() }).from(historyEntries);
  return { letters: letters!.n, documents: docs!.n, history: history!.n };
};

describe('letter models and the print set', () => {
  it('gives each firm its default models: both engagement letters and every kind of seed 003’s print set', async () => {
    const response = await collaborator.get(`/api/v1/letter-models?firmId=${acme.firm.id}`);
    expect(response.status).toBe(200);
    const names = response.body.items.map((m: { name: string }) => m.name);
    expect(names).toEqual(expect.arrayContaining(['Lettre de mission comptable', 'Lettre de mission CGP', 'Lettre au confrère', 'Courrier de démission', 'Fiche acceptation questionnaire', 'Lettre vierge']));
    expect(new Set(response.body.items.map((m: { kind: string }) => m.kind))).toEqual(new Set(LETTER_MODEL_KINDS.map((k) => k.kind)));
  });

  it('renders every print-set model to PDF for a mission and for a prospect file', async () => {
    const prospect = await seedProspect(admin, acme, { companyName: 'Fromagerie Durand' });
    await seedContact(admin, prospect.id, { firstName: 'Paul', lastName: 'Durand' });
    const file = await seedFile(admin, prospect.id, { firmId: acme.firm.id, offerAmountCents: 240_000 });
    const models = (await admin.get(`/api/v1/letter-models?firmId=${acme.firm.id}`)).body.items as Array<{ id: string; name: string; sources: { title: string } }>;
    for (const model of models) {
      for (const [subject, name] of [[{ missionId: world.mission.id }, 'Boulangerie Martin'], [{ prospectFileId: file.id }, 'Fromagerie Durand']] as const) {
        const printed = await binary(`/api/v1/letter-models/${model.id}/print?format=pdf`, subject);
        expect(printed.status, `${model.name} for ${name}`).toBe(200);
        expect(printed.type).toBe('application/pdf');
        const text = pdfText(printed.bytes);
        expect(text, model.name).toContain(name);
        expect(text, model.name).toContain('RCS Lyon 552 100 554');
      }
    }
  }, 120_000);

  it('prints the editable letter as a .docx a firm can retouch', async () => {
    const models = (await admin.get(`/api/v1/letter-models?firmId=${acme.firm.id}`)).body.items as Array<{ id: string; kind: string }>;
    const engagement = models.find((m) => m.kind === 'engagement')!;
    const printed = await binary(`/api/v1/letter-models/${engagement.id}/print?format=docx`, { missionId: world.mission.id });
    expect(printed.status).toBe(200);
    expect(printed.type).toContain('wordprocessingml');
    const { default: JSZip } = await import('jszip');
    const zip = await JSZip.loadAsync(printed.bytes);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('Boulangerie Martin');
    expect(xml).toContain('Lettre de mission');
  });

  it('refuses a model paragraph using a variable no letter offers, naming the paragraph', async () => {
    const response = await admin.post('/api/v1/letter-models', { firmId: acme.firm.id, kind: 'blank', name: 'Courrier libre', paragraphs: { object: 'Bonjour {{ client.secret }}' } });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['paragraphs.object']);
    expect((await collaborator.post('/api/v1/letter-models', { firmId: acme.firm.id, kind: 'blank', name: 'X' })).status).toBe(403);
  });
});

describe('custom fields', () => {
  it('are for administrators only: collaborators get 403 on every route', async () => {
    const created = await admin.post('/api/v1/custom-fields', { missionType: 'legal', key: 'siege', label: 'Siège', kind: 'text' });
    expect(created.status).toBe(201);
    for (const [method, path, body] of [
      ['GET', '/api/v1/custom-fields?missionType=legal'],
      ['GET', `/api/v1/custom-fields/${created.body.id}`],
      ['POST', '/api/v1/custom-fields', { missionType: 'legal', key: 'x', label: 'X', kind: 'text' }],
      ['PATCH', `/api/v1/custom-fields/${created.body.id}`, { label: 'Y' }],
      ['DELETE', `/api/v1/custom-fields/${created.body.id}`],
    ] as const) {
      const response = await collaborator.send(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(403);
    }
  });

  it('lists a mission type without fields with an explicit empty state', async () => {
    const response = await admin.get('/api/v1/custom-fields?missionType=payroll');
    expect(response.body).toEqual({ items: [], empty: true, message: 'Aucun champ personnalisé n’est paramétré pour ce type de mission.' });
  });

  it('keeps fields in their order, checks choices, and hides them from other organisations', async () => {
    const first = await admin.post('/api/v1/custom-fields', { missionType: 'training', key: 'b', label: 'B', kind: 'number' });
    const second = await admin.post('/api/v1/custom-fields', { missionType: 'training', key: 'a', label: 'A', kind: 'single_choice', options: ['Oui', 'Non'] });
    expect((await admin.post('/api/v1/custom-fields', { missionType: 'training', key: 'c', label: 'C', kind: 'multiple_choice', options: ['Seul'] })).body.errors[0].field).toBe('options');
    await admin.patch(`/api/v1/custom-fields/${second.body.id}`, { position: 0 + 1 });
    await admin.patch(`/api/v1/custom-fields/${first.body.id}`, { position: 2 });
    const list = await admin.get('/api/v1/custom-fields?missionType=training');
    expect(list.body.items.map((f: { key: string }) => f.key)).toEqual(['a', 'b']);
    await expectHiddenFromOtherOrganisations(admin, stranger, { resourcePath: `/api/v1/custom-fields/${first.body.id}`, update: { body: { label: 'Z' } }, deletable: true });
  });
});

describe('the letter of a mission', () => {
  let required: { id: string };

  it('is pre-filled from the firm’s model and lists what is missing', async () => {
    required = (await admin.post('/api/v1/custom-fields', { missionType: 'accounting', key: 'date_cloture', label: 'Date de clôture', kind: 'date', required: true })).body;
    await admin.post('/api/v1/custom-fields', { missionType: 'accounting', key: 'honoraires_bilan', label: 'Honoraires du bilan', kind: 'money' });
    const response = await collaborator.get(`/api/v1/missions/${world.mission.id}/letter`);
    expect(response.status).toBe(200);
    expect(response.body.saved).toBe(false);
    expect(response.body.letter.objectives).toContain('comptes annuels');
    expect(response.body.missing).toEqual(expect.arrayContaining(['interviewDate', 'typology', 'clientRepresentativeContactId', 'destinationFolderId', 'customValues.date_cloture']));
  });

  it('refuses a missing required custom field with a 400 naming it, writing nothing', async () => {
    const before = await rowCounts();
    const response = await collaborator.put(`/api/v1/missions/${world.mission.id}/letter`, { interviewDate: '2026-11-18', customValues: { honoraires_bilan: 96000 } });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['customValues.date_cloture']);
    const wrongKind = await collaborator.put(`/api/v1/missions/${world.mission.id}/letter`, { customValues: { date_cloture: 'demain', honoraires_bilan: 'cher' } });
    expect(wrongKind.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['customValues.date_cloture', 'customValues.honoraires_bilan']);
    expect(await rowCounts()).toEqual(before);
  });

  it('saves the complete letter, and its preview returns a PDF while writing nothing', async () => {
    const saved = await collaborator.put(`/api/v1/missions/${world.mission.id}/letter`, {
      interviewDate: '2026-11-18',
      typology: 'Commerçant — société soumise à l’IS',
      customValues: { date_cloture: '2027-12-31', honoraires_bilan: 96000 },
      firmRepresentativeUserId: acme.admin.id,
      clientRepresentativeContactId: world.contact.id,
      destinationFolderId: world.sharedFolder.id,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.missing).toEqual([]);
    const before = await rowCounts();
    const preview = await binary(`/api/v1/missions/${world.mission.id}/letter/preview?format=pdf`, { typology: 'Artisan' }, acme.collaboratorToken);
    expect(preview.status).toBe(200);
    const text = pdfText(preview.bytes);
    expect(text).toContain('Artisan');
    expect(text).toContain('31 décembre 2027');
    expect(text).toContain('960,00 €');
    const html = await binary(`/api/v1/missions/${world.mission.id}/letter/preview?format=html`, {}, acme.collaboratorToken);
    expect(new TextDecoder().decode(html.bytes)).toContain('Commerçant');
    expect(await rowCounts()).toEqual(before);
  });

  it('is refused with 404 to another organisation', async () => {
    expect((await stranger.get(`/api/v1/missions/${world.mission.id}/letter`)).status).toBe(404);
    expect((await stranger.put(`/api/v1/missions/${world.mission.id}/letter`, { typology: 'x' })).status).toBe(404);
    expect((await binary(`/api/v1/missions/${world.mission.id}/letter/preview`, {}, (await seedOrganisation(database.db)).adminToken)).status).toBe(404);
  });

  it('freezes into the chosen folder as a PDF with its sha256, with the client, custom values and legal mentions; later edits are 409', async () => {
    const frozen = await freezeMissionLetter({ db: database.db, storage, renderer }, adminActor(acme), world.mission.id, new Date());
    expect(frozen.frozenAt).not.toBeNull();
    const [document] = await database.db.select().from(documents).where(eq(documents.id, frozen.documentId!));
    expect(document!.folderId).toBe(world.sharedFolder.id);
    expect(document!.sha256).toBe(frozen.sha256);
    const downloaded = await app.request(`/api/v1/documents/${document!.id}/content`, { headers: { Authorization: `Bearer ${acme.adminToken}` } });
    const text = pdfText(new Uint8Array(await downloaded.arrayBuffer()));
    expect(text).toContain('Boulangerie Martin');
    expect(text).toContain('31 décembre 2027');
    expect(text).toContain('960,00 €');
    expect(text).toContain('RCS Lyon 552 100 554');
    expect(text).toContain('FR40552100554');
    const again = await freezeMissionLetter({ db: database.db, storage, renderer }, adminActor(acme), world.mission.id, new Date());
    expect(again.documentId).toBe(frozen.documentId);
    const edit = await collaborator.put(`/api/v1/missions/${world.mission.id}/letter`, { typology: 'Autre' });
    expect(edit.status).toBe(409);
    expect(edit.body.detail).toContain('créez une nouvelle mission');
  }, 60_000);

  it('archives a custom field once a letter holds a value for it, instead of deleting it', async () => {
    const removed = await admin.delete(`/api/v1/custom-fields/${required.id}`);
    expect(removed.body.outcome).toBe('archived');
    const unused = await admin.post('/api/v1/custom-fields', { missionType: 'accounting', key: 'jamais', label: 'Jamais', kind: 'yes_no' });
    expect((await admin.delete(`/api/v1/custom-fields/${unused.body.id}`)).body.outcome).toBe('deleted');
  });
});
