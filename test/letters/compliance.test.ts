import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPdfRenderer, DEFAULT_CHROMIUM_PATH, type PdfRenderer } from '../../adapters/pdf/pdf-renderer.ts';
import { LocalDocumentStorage } from '../../adapters/storage/local-document-storage.ts';
import type { App } from '../../api/app.ts';
import type { Database } from '../../db/client.ts';
import { assertAmlIdentified } from '../../domain/aml/client-aml.ts';
import { AppError } from '../../domain/errors.ts';
import { uploadFile } from '../documents/support.ts';
import { seedOrganisation, type SeededOrganisation } from '../support/seed.ts';
import { apiClient, createTestApp, type ApiClient } from '../support/test-app.ts';
import { createTestDatabase } from '../support/test-database.ts';
import { seedDraftMissionWithFolders } from './letter-world.ts';
import { pdfText } from './pdf-text.ts';

let database: Database;
let app: App;
let renderer: PdfRenderer;
let acme: SeededOrganisation;
let admin: ApiClient;
let collaborator: ApiClient;
let stranger: ApiClient;
let world: Awaited<ReturnType<typeof seedDraftMissionWithFolders>>;

beforeAll(async () => {
  database = await createTestDatabase();
  renderer = createPdfRenderer({ chromiumPath: DEFAULT_CHROMIUM_PATH, poolSize: 1 });
  app = createTestApp(database, { pdfRenderer: renderer, documentStorage: new LocalDocumentStorage({ root: mkdtempSync(join(tmpdir(), 'echeance-fil-')) }) });
  acme = await seedOrganisation(database.db, 'Acme');
  stranger = apiClient(app, (await seedOrganisation(database.db, 'Other')).adminToken);
  admin = apiClient(app, acme.adminToken);
  collaborator = apiClient(app, acme.collaboratorToken);
  world = await seedDraftMissionWithFolders(database.db, acme);
}, 60_000);
afterAll(async () => {
  await renderer?.close();
  await database?.close();
});

describe('the legal information sheet (FIL) and attachments', () => {
  it('prints the FIL from the firm’s data into the letter’s folder and attaches it', async () => {
    expect((await collaborator.put(`/api/v1/firms/${acme.firm.id}/legal-information`, { consumerMediator: 'CNPM' })).status).toBe(403);
    const saved = await admin.put(`/api/v1/firms/${acme.firm.id}/legal-information`, {
      consumerMediator: 'CNPM Médiation de la consommation, 27 avenue de la Libération, 42400 Saint-Chamond',
      professionalInsurance: 'MMA IARD, contrat n° 123 456 789',
    });
    expect(saved.status).toBe(200);
    expect((await stranger.get(`/api/v1/firms/${acme.firm.id}/legal-information`)).status).toBe(404);
    await collaborator.put(`/api/v1/missions/${world.mission.id}/letter`, { destinationFolderId: world.internalFolder.id });
    const fil = await collaborator.post(`/api/v1/missions/${world.mission.id}/letter/fil`);
    expect(fil.status, JSON.stringify(fil.body)).toBe(201);
    expect(fil.body.attachmentDocumentIds).toEqual([fil.body.documentId]);
    const content = await app.request(`/api/v1/documents/${fil.body.documentId}/content`, { headers: { Authorization: `Bearer ${acme.adminToken}` } });
    const text = pdfText(new Uint8Array(await content.arrayBuffer()));
    for (const expected of ['Fiche d’informations légales', 'SAS au capital de 50 000 €', 'RCS Lyon 552 100 554', 'FR40552100554', 'Ordre des experts-comptables', 'CNPM Médiation', 'MMA IARD']) expect(text).toContain(expected);
  }, 60_000);

  it('attaches any document of the client’s store, and refuses another client’s', async () => {
    const upload = await uploadFile(app, acme.adminToken, `/api/v1/clients/${world.client.id}/folders/${world.internalFolder.id}/documents`, { name: 'cgv.pdf', type: 'application/pdf', bytes: '%PDF-1.4 cgv' });
    expect(upload.status).toBe(201);
    const attached = await collaborator.put(`/api/v1/missions/${world.mission.id}/letter/attachments/${upload.body.id}`, {});
    expect(attached.body.attachmentDocumentIds).toContain(upload.body.id);
    const detached = await collaborator.delete(`/api/v1/missions/${world.mission.id}/letter/attachments/${upload.body.id}`);
    expect(detached.body.attachmentDocumentIds).not.toContain(upload.body.id);
    expect((await stranger.put(`/api/v1/missions/${world.mission.id}/letter/attachments/${upload.body.id}`, {})).status).toBe(404);
  });
});

describe('the anti-money-laundering identification', () => {
  it('names each missing item of a company: registry extract, beneficial owners and risk level', async () => {
    const response = await collaborator.get(`/api/v1/clients/${world.client.id}/aml`);
    expect(response.body.missing.map((gap: { item: string }) => gap.item)).toEqual(['registry_extract', 'beneficial_owners', 'risk_level']);
    const refusal = await assertAmlIdentified(database.db, acme.organisationId, world.client.id, '2026-11-30').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).details.missing).toEqual(['registry_extract', 'beneficial_owners', 'risk_level']);
    expect((refusal as AppError).message).toContain('bénéficiaires effectifs');
  });

  it('accepts a current identification, refuses an extract over three months old, and keeps the record five years after the relationship', async () => {
    const kbis = await uploadFile(app, acme.adminToken, `/api/v1/clients/${world.client.id}/folders/${world.internalFolder.id}/documents`, { name: 'kbis.pdf', type: 'application/pdf', bytes: '%PDF-1.4 kbis' });
    const old = await collaborator.put(`/api/v1/clients/${world.client.id}/aml`, { registryExtractDocumentId: kbis.body.id, registryExtractIssuedOn: '2020-01-01', beneficialOwners: [{ fullName: 'Claire Martin', ownershipPercent: 100 }], riskLevel: 'standard' });
    expect(old.body.missing.map((gap: { item: string }) => gap.item)).toEqual(['registry_extract_outdated']);
    const today = new Date().toISOString().slice(0, 10);
    const current = await collaborator.put(`/api/v1/clients/${world.client.id}/aml`, { registryExtractIssuedOn: today, relationshipEndedOn: '2027-12-31' });
    expect(current.body.missing).toEqual([]);
    expect(current.body.record.retainUntil).toBe('2032-12-31');
    await expect(assertAmlIdentified(database.db, acme.organisationId, world.client.id, today)).resolves.toBeUndefined();
    expect((await stranger.get(`/api/v1/clients/${world.client.id}/aml`)).status).toBe(404);
    expect((await collaborator.put(`/api/v1/clients/${world.client.id}/aml`, { riskLevel: 'extreme' })).body.errors[0].field).toBe('riskLevel');
  });
});

describe('the firm’s signature settings', () => {
  it('default to 30 days and a reminder every 7 days; only administrators change them, within bounds; another organisation gets 404', async () => {
    const path = `/api/v1/firms/${acme.firm.id}/signature-settings`;
    expect((await collaborator.get(path)).body).toMatchObject({ expiresInDays: 30, reminderIntervalDays: 7 });
    expect((await collaborator.put(path, { reminderIntervalDays: 3 })).status).toBe(403);
    const invalid = await admin.put(path, { reminderIntervalDays: 0, expiresInDays: 400 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['expiresInDays', 'reminderIntervalDays']);
    const saved = await admin.put(path, { reminderIntervalDays: 3 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ expiresInDays: 30, reminderIntervalDays: 3 });
    expect((await collaborator.get(path)).body.reminderIntervalDays).toBe(3);
    expect((await stranger.get(path)).status).toBe(404);
    expect((await stranger.put(path, { reminderIntervalDays: 5 })).status).toBe(404);
  });
});
