import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { expect } from 'vitest';
import { DatabaseOutboxStore } from '../../adapters/email/database-outbox-store.ts';
import { createEmailSender } from '../../adapters/email/create-email-sender.ts';
import { createSignatureDeps } from '../../adapters/esign/create-signature-deps.ts';
import { createPdfRenderer, DEFAULT_CHROMIUM_PATH, type PdfRenderer } from '../../adapters/pdf/pdf-renderer.ts';
import { LocalDocumentStorage } from '../../adapters/storage/local-document-storage.ts';
import { parseConfig } from '../../config.ts';
import { createFolder } from '../../domain/documents/create-folder.ts';
import { updateFirm } from '../../domain/firms/update-firm.ts';
import { businessDateOf } from '../../domain/calendar/paris-time.ts';
import { uploadFile } from '../documents/support.ts';
import { FIRM_IDENTITY } from '../letters/letter-world.ts';
import type { MissionHarness } from '../missions/support/mission-harness.ts';
import { adminActor } from '../support/seed-catalogue.ts';
import { apiClient, createTestApp } from '../support/test-app.ts';

/**
 * The HTTP app of a signature test, served on an ephemeral port (the Yousign stub posts its
 * webhooks to it, Chromium opens its pages), over the harness's database and Temporal server, with
 * the real signature module: the seal in a temporary data directory, emails in the outbox. The
 * harness must be started without its worker (`startWorker: false`): this starts it with the
 * signature module, as `npm start` does, so validation renders the letter.
 */
export async function startSignatureApp(h: MissionHarness, env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'echeance-signature-'));
  const renderer: PdfRenderer = createPdfRenderer({ chromiumPath: DEFAULT_CHROMIUM_PATH, poolSize: 1 });
  const storage = new LocalDocumentStorage({ root: join(dataDir, 'documents') });
  const emailSender = createEmailSender({ outboxStore: new DatabaseOutboxStore(h.database.db), outboxDirectory: join(dataDir, 'outbox') });
  const server = serve({ fetch: (request, env) => app.fetch(request, env), port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, PUBLIC_BASE_URL: baseUrl, ...env });
  const logger = pino({ level: 'silent' });
  const temporal = { client: h.env.client, taskQueue: h.taskQueue, ping: async () => {} };
  const signature = await createSignatureDeps({ config, db: h.database.db, logger, storage, renderer, emailSender, temporal });
  const app = createTestApp(h.database, { config, temporal, pdfRenderer: renderer, documentStorage: storage, emailSender, signature });
  await h.startWorker({ signature, config, emailSender });
  return {
    app,
    baseUrl,
    signature,
    storage,
    admin: apiClient(app, h.org.adminToken),
    api: apiClient(app, h.org.collaboratorToken),
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await renderer.close();
    },
  };
}
export type SignatureApp = Awaited<ReturnType<typeof startSignatureApp>>;

let missions = 0;
const missionSuffix = () => String(++missions);

/**
 * A validated mission whose letter is frozen into the client's shared folder, with the FIL
 * attached; the client's AML identification is complete unless `aml: false`. `customValues` fill
 * the letter's custom fields (defined by the test).
 */
export async function seedValidatedMissionWithLetter(h: MissionHarness, s: SignatureApp, options: { aml?: boolean; customValues?: Record<string, unknown> } = {}) {
  const actor = adminActor(h.org);
  await updateFirm(h.database.db, actor, h.org.firm.id, FIRM_IDENTITY);
  const folder = await createFolder(h.database.db, actor, h.client.id, { name: `Lettres de mission ${missionSuffix()}`, sharedWithClient: true } as never);
  const today = businessDateOf((await h.now()).getTime());
  const end = `${Number(today.slice(0, 4)) + 1}${today.slice(4, 10)}`;
  const created = await s.api.post('/api/v1/missions', {
    clientId: h.client.id,
    firmId: h.org.firm.id,
    name: 'Mission comptable',
    assigneeUserId: h.org.collaborator.id,
    startDate: today,
    endDate: end,
    lines: [{ serviceId: h.vatService.id, frequency: 'monthly', deadlineRule: { kind: 'day-of-month', day: 30 }, leadTimeDays: 10 }],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const missionId = created.body.id as string;
  const contact = h.client.contacts.find((c) => c.isPreferred)!;
  const saved = await s.api.put(`/api/v1/missions/${missionId}/letter`, {
    interviewDate: today,
    typology: 'Commerçant',
    firmRepresentativeUserId: h.org.admin.id,
    clientRepresentativeContactId: contact.id,
    destinationFolderId: folder.id,
    ...(options.customValues ? { customValues: options.customValues } : {}),
  });
  expect(saved.body.missing, JSON.stringify(saved.body)).toEqual([]);
  // Validation renders the letter into the folder (the mission workflow's freezeMissionLetter).
  const validated = await s.api.post(`/api/v1/missions/${missionId}/validate`);
  expect(validated.status, JSON.stringify(validated.body)).toBe(200);
  const fil = await s.api.post(`/api/v1/missions/${missionId}/letter/fil`);
  expect(fil.status, JSON.stringify(fil.body)).toBe(201);
  if (options.aml !== false) await completeAml(h, s, folder.id);
  return { missionId, folderId: folder.id, contact, filDocumentId: fil.body.documentId as string };
}

/** Uploads a fresh registry extract and records the beneficial owner and a standard risk level. */
export async function completeAml(h: MissionHarness, s: SignatureApp, folderId: string) {
  const kbis = await uploadFile(s.app, h.org.adminToken, `/api/v1/clients/${h.client.id}/folders/${folderId}/documents`, { name: 'kbis.pdf', type: 'application/pdf', bytes: '%PDF-1.4 kbis' });
  const today = businessDateOf(Date.now());
  const aml = await s.api.put(`/api/v1/clients/${h.client.id}/aml`, { registryExtractDocumentId: kbis.body.id, registryExtractIssuedOn: today, beneficialOwners: [{ fullName: 'Claire Martin', ownershipPercent: 100 }], riskLevel: 'standard' });
  expect(aml.body.missing).toEqual([]);
}

/** Waits until `check` passes (workflows and activities run in the background). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
