/**
 * The Temporal UI served by the embedded server, driven in real Chromium over the product's real
 * missions: the product's worker, database and API create and sign them, the UI lists them with
 * their MissionStatus, filters them on ClientId, renders a mission's history, and terminates a
 * test workflow. Features the server lacks show the UI's "not available" state.
 *
 * The first run builds the UI (temporal-dev-server/ui → its git-ignored build/ folder); later runs
 * reuse that build.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { chromium, type Browser, type Page } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseOutboxStore } from '../../adapters/email/database-outbox-store.ts';
import { OutboxEmailSender } from '../../adapters/email/outbox-email-sender.ts';
import { parseConfig } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { searchAttributes, temporalSettings } from '../../temporal.config.ts';
import { start, type EmbeddedServer } from '../../temporal-dev-server/src/index.ts';
import { createWorker } from '../../worker.ts';
import type { MissionHarness } from '../missions/support/mission-harness.ts';
import { createMission, createSignedMission, vatLine } from '../missions/support/mission-fixtures.ts';
import { seedVatService } from '../support/seed-catalogue.ts';
import { seedClient } from '../support/seed-clients.ts';
import { seedOrganisation } from '../support/seed.ts';
import { apiClient, createTestApp } from '../support/test-app.ts';
import { quietTemporalLogs } from '../support/temporal.ts';
import { createTestDatabase } from '../support/test-database.ts';

const BUILD_TIMEOUT = 20 * 60_000;

let database: Database;
let server: EmbeddedServer;
let connection: Connection;
let native: NativeConnection;
let client: Client;
let worker: Worker;
let running: Promise<void>;
let browser: Browser;
let base: string;
let active: { id: string; workflowId: string };
let validated: { id: string; workflowId: string; status: string };
const pageErrors: string[] = [];

beforeAll(async () => {
  quietTemporalLogs();
  database = await createTestDatabase();
  server = await start({ port: 0, searchAttributes, ui: { port: 0, progress: () => {} } });
  await server.ui!.ready;
  base = server.ui!.url;

  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection });
  native = await NativeConnection.connect({ address: server.address });
  const config = parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const taskQueue = `test-${randomUUID()}`;
  worker = await createWorker(native, { ...temporalSettings(config), namespace: 'default' }, {
    config,
    db: database.db,
    logger: pino({ level: 'silent' }),
    emailSender: new OutboxEmailSender({ store: new DatabaseOutboxStore(database.db), directory: mkdtempSync(path.join(tmpdir(), 'echeance-outbox-')) }),
  }, { taskQueue });
  running = worker.run();

  const app = createTestApp(database, { temporal: { client, taskQueue, ping: async () => {} } });
  const org = await seedOrganisation(database.db);
  const vatService = await seedVatService(database.db, org);
  const [martin, durand] = [
    await seedClient(database.db, org),
    await seedClient(database.db, org, { name: 'Durand Conseil', siren: '552100554', siret: '55210055400013' }),
  ];
  const harness = (forClient: typeof martin) => ({ api: apiClient(app, org.collaboratorToken), client: forClient, vatService }) as unknown as MissionHarness;
  active = await createSignedMission(harness(martin), { name: 'TVA 2027', lines: [vatLine(harness(martin))] });
  const draft = await createMission(harness(durand), { name: 'TVA 2027 (Durand)', lines: [vatLine(harness(durand))] });
  const validation = await harness(durand).api.post(`/api/v1/missions/${draft.id}/validate`);
  expect(validation.status, JSON.stringify(validation.body)).toBe(200);
  validated = { ...draft, status: validation.body.status };
  // The mission workflows have recorded their status before the browser looks.
  await waitUntil(async () => (await missionStatusOf(active.workflowId)) === 'active');
  await waitUntil(async () => (await missionStatusOf(validated.workflowId)) === validated.status);

  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}, BUILD_TIMEOUT);

afterAll(async () => {
  await browser?.close();
  worker?.shutdown();
  await running;
  await native?.close();
  await connection?.close();
  await server?.stop();
  await database?.close();
});

async function missionStatusOf(workflowId: string): Promise<unknown> {
  const description = await client.workflow.getHandle(workflowId).describe();
  const values = description.searchAttributes.MissionStatus;
  return Array.isArray(values) ? values[0] : values;
}

/** The pages load and poll at their own pace (slower on a busy machine): poll for 30 s. */
function eventually<T>(value: () => Promise<T> | T) {
  return expect.poll(value, { timeout: 30_000, interval: 200 });
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${condition.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function newPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  return page;
}

function row(page: Page, workflowId: string) {
  return page.getByRole('row').filter({ has: page.getByRole('link', { name: workflowId, exact: true }) });
}

describe('the Temporal UI on the embedded server', () => {
  it('lists the missions with their MissionStatus search attribute', async () => {
    const page = await newPage();
    await page.goto(`${base}/`);
    await page.waitForURL(/\/namespaces\/default\/workflows/);
    await eventually(() => row(page, active.workflowId).count()).toBe(1);
    // The column is one the operator adds, as in any Temporal UI.
    await page.getByTestId('workflows-summary-table-configuration-button').click();
    await page.getByRole('button', { name: 'Add MissionStatus column' }).click();
    await page.keyboard.press('Escape');
    await eventually(() => page.getByRole('columnheader', { name: 'MissionStatus' }).count()).toBe(1);
    await eventually(() => row(page, active.workflowId).innerText()).toContain('active');
    await eventually(() => row(page, validated.workflowId).innerText()).toContain(validated.status);
    await page.close();
  });

  it('filters the list on the ClientId search attribute', async () => {
    const page = await newPage();
    await page.goto(`${base}/namespaces/default/workflows`);
    await eventually(() => row(page, validated.workflowId).count()).toBe(1);
    const clientId = String((await client.workflow.getHandle(active.workflowId).describe()).searchAttributes.ClientId);
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('menuitem', { name: 'ClientId' }).click();
    await page.getByPlaceholder('Enter ClientId').fill(clientId);
    await page.getByPlaceholder('Enter ClientId').press('Enter');
    await page.waitForURL(/query=/);
    expect(decodeURIComponent(page.url())).toContain(`ClientId\`="${clientId}"`);
    await eventually(() => row(page, validated.workflowId).count()).toBe(0);
    expect(await row(page, active.workflowId).count()).toBe(1);
    await page.close();
  });

  it("renders a mission's history: timeline, all events, compact and JSON", async () => {
    const page = await newPage();
    await page.goto(`${base}/namespaces/default/workflows/${encodeURIComponent(active.workflowId)}`);
    await page.waitForURL(/\/history$/);
    const content = page.locator('#content');
    // All events, most recent first, and the timeline above them.
    await eventually(() => content.innerText()).toContain('Upsert Workflow Search Attributes');
    // The mission's activities run as local activities: markers in its history.
    expect(await content.innerText()).toContain('Marker Recorded');
    expect(await content.innerText()).toContain('activateMission');
    await page.getByRole('button', { name: 'Compact' }).click();
    await eventually(() => content.innerText()).toContain('Workflow Update');
    expect(await content.innerText()).toContain('signMission');
    await page.getByRole('button', { name: 'JSON' }).click();
    await eventually(() => content.innerText()).toContain('"originalExecutionRunId"');
    expect(await content.innerText()).toContain(`"workflowId": "${active.workflowId}"`);
    await page.close();
  });

  it('terminates a test workflow from the UI', async () => {
    // A workflow nobody works on, so terminating it touches no product state.
    const workflowId = `ui-termination-probe-${randomUUID()}`;
    const handle = await client.workflow.start('uiTerminationProbe', { taskQueue: `nobody-${randomUUID()}`, workflowId });
    const page = await newPage();
    await page.goto(`${base}/namespaces/default/workflows/${encodeURIComponent(workflowId)}`);
    await page.getByRole('button', { name: 'Workflow Actions' }).click();
    await page.getByRole('menuitem', { name: 'Terminate' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox').fill('Terminated by the UI test');
    await dialog.getByRole('button', { name: 'Terminate' }).click();
    await eventually(async () => (await handle.describe()).status.name).toBe('TERMINATED');
    const history = await handle.fetchHistory();
    const terminated = history.events?.at(-1)?.workflowExecutionTerminatedEventAttributes;
    expect(terminated?.reason).toContain('Terminated by the UI test');
    await eventually(() => page.getByText('Terminated', { exact: true }).count()).toBeGreaterThan(0);
    await page.close();
  });

  it('shows the UI\'s "not available" states for what the server does not implement, never a blank page', async () => {
    const page = await newPage();
    // Schedules are implemented: an empty list, without an error.
    await page.goto(`${base}/namespaces/default/schedules`);
    await eventually(() => page.getByText('No Schedules Found').count()).toBe(1);
    expect(await page.getByText(/not implemented/).count()).toBe(0);
    await page.goto(`${base}/namespaces/default/batch-operations`);
    await eventually(() => page.getByText('Not available on this server').count()).toBe(1);
    await page.goto(`${base}/no/such/page`);
    await eventually(() => page.getByText('404').count()).toBeGreaterThan(0);
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  it('serves the settings and the history download the UI expects', async () => {
    const settings = (await (await fetch(`${base}/api/v1/settings`)).json()) as Record<string, any>;
    expect(settings).toMatchObject({ Auth: { Enabled: false }, DefaultNamespace: 'default', DisableWriteActions: false, Codec: { Endpoint: '' } });
    const { runId } = await client.workflow.getHandle(active.workflowId).describe();
    const download = await fetch(`${base}/api/v1/namespaces/default/workflows/${encodeURIComponent(active.workflowId)}/run/${runId}/history.json`);
    expect(download.status).toBe(200);
    const events = (await download.json()) as Array<{ eventId: string; eventType: string }>;
    expect(events[0]).toMatchObject({ eventId: '1', eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED' });
  });
});
