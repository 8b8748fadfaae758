/**
 * The quote tests' set-up: the mission harness's database, time-skipping server, real worker and
 * HTTP app (one fixture for every workflow-backed area), with the real outbox email sender and a
 * Chromium PDF renderer on the app, plus a second organisation and its admin's client, for the
 * tenancy checks.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseOutboxStore } from '../../adapters/email/database-outbox-store.ts';
import { OutboxEmailSender } from '../../adapters/email/outbox-email-sender.ts';
import { createPdfRenderer, DEFAULT_CHROMIUM_PATH, type PdfRenderer } from '../../adapters/pdf/pdf-renderer.ts';
import { testServiceClock } from '../../adapters/temporal/dev-clock.ts';
import type { App } from '../../api/app.ts';
import type { AppDeps } from '../../api/context.ts';
import { startMissionHarness, type MissionHarness } from '../missions/support/mission-harness.ts';
import { seedOrganisation } from '../support/seed.ts';
import { apiClient, createTestApp, type ApiClient } from '../support/test-app.ts';

export interface QuoteHarness extends MissionHarness {
  other: Awaited<ReturnType<typeof seedOrganisation>>;
  /** The other organisation's admin. */
  stranger: ApiClient;
  pdfRenderer: PdfRenderer;
  /** An API client for any token, on an app wired like the harness's (extra dependencies allowed). */
  clientFor(token: string, overrides?: Partial<AppDeps>): ApiClient;
  /** The app itself, wired like the harness's (for the client pages). */
  appFor(overrides?: Partial<AppDeps>): App;
}

export async function startQuoteHarness(options: Parameters<typeof startMissionHarness>[0] = {}): Promise<QuoteHarness> {
  const h = await startMissionHarness(options);
  const other = await seedOrganisation(h.database.db);
  const pdfRenderer = createPdfRenderer({ chromiumPath: DEFAULT_CHROMIUM_PATH, poolSize: 1 });
  const emailSender = new OutboxEmailSender({ store: new DatabaseOutboxStore(h.database.db), directory: mkdtempSync(path.join(tmpdir(), 'echeance-outbox-')) });
  const appFor = (overrides: Partial<AppDeps> = {}) =>
    createTestApp(h.database, { temporal: { client: h.env.client, taskQueue: h.taskQueue, ping: async () => {} }, devClock: testServiceClock(h.env.connection), emailSender, pdfRenderer, ...overrides });
  const clientFor = (token: string, overrides: Partial<AppDeps> = {}) => apiClient(appFor(overrides), token);
  const close = h.close;
  return Object.assign(h, {
    other,
    pdfRenderer,
    api: clientFor(h.org.collaboratorToken),
    admin: clientFor(h.org.adminToken),
    stranger: clientFor(other.adminToken),
    clientFor,
    appFor,
    async close() {
      await pdfRenderer.close();
      await close();
    },
  });
}
