/**
 * The acceptance scenario in real Chromium, with no API shortcut on the client's side: a VAT
 * reminder mission runs a simulated month on the real worker; the contact opens the link of the
 * email in the outbox, signs in with the magic link emailed to them, answers the request with
 * text and two files, sees it answered, downloads a file again and asks for a service; the firm
 * then sees the answer and the new task through its API. axe-core checks every page.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseOutboxStore } from '../../adapters/email/database-outbox-store.ts';
import { OutboxEmailSender } from '../../adapters/email/outbox-email-sender.ts';
import type { App } from '../../api/app.ts';
import { parseConfig } from '../../config.ts';
import { openServiceToClients } from '../../domain/portal/open-service-to-clients.ts';
import { createSignedMission, vatLine } from '../missions/support/mission-fixtures.ts';
import { informationRequestsOf, parisInstant, startMissionHarness, type MissionHarness } from '../missions/support/mission-harness.ts';
import { adminActor } from '../support/seed-catalogue.ts';
import { createTestApp } from '../support/test-app.ts';
import { hasChromiumFor, launchChromium, serveOnFreePort } from './support/browser.ts';
import { expectAccessible } from './support/axe.ts';
import { latestEmailTo, linkIn } from './support/page-client.ts';

const hasChromium = hasChromiumFor('the Chromium portal scenario');

let h: MissionHarness;
let app: App;
let server: Awaited<ReturnType<typeof serveOnFreePort>>;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  h = await startMissionHarness();
  server = await serveOnFreePort(() => app);
  origin = server.origin;
  app = createTestApp(h.database, {
    config: parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_BASE_URL: origin }),
    temporal: { client: h.env.client, taskQueue: h.taskQueue, ping: async () => {} },
    emailSender: new OutboxEmailSender({ store: new DatabaseOutboxStore(h.database.db), directory: mkdtempSync(join(tmpdir(), 'echeance-chromium-')) }),
  });
  browser = await launchChromium();
  await h.skipTo(parisInstant('2027-01-05', '09:00'));
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await h?.close();
});

describe.skipIf(!hasChromium)('the client portal in Chromium', () => {
  it('takes the contact from the email to an answered request and a service request, and the firm sees both', async () => {
    const service = h.vatService;
    await openServiceToClients(h.database.db, adminActor(h.org), service.id, { title: 'Déclarations de TVA', description: 'Nous préparons et déposons vos déclarations.' });
    const mission = await createSignedMission(h, { name: 'Rappel TVA 2027', lines: [vatLine(h)] });
    // The simulated month: January's request is created on 2027-01-19 (deadline 01-29, 10 days ahead).
    await h.skipTo(parisInstant('2027-01-19', '08:00'));
    const [request] = await informationRequestsOf(h.database, mission.id);
    expect(request?.deadline).toBe('2027-01-29');
    const address = 'claire@boulangerie-martin.test';
    await expect.poll(async () => (await latestEmailTo(h.database.db, address, 'information-request-created'))?.idempotencyKey, { timeout: 20_000 }).toBe(`information-request/${request!.id}/created`);
    const created = await latestEmailTo(h.database.db, address, 'information-request-created');
    // The worker's links point at its PUBLIC_BASE_URL; this test serves the same app on its own port.
    const requestLink = linkIn(created!.text, 'http://localhost:3000/portail/demandes/').replace('http://localhost:3000', origin);

    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(requestLink);
    // Signed out: the sign-in page, which will bring the contact back to the request.
    await expect.poll(() => page.url()).toContain('/portail/connexion?suite=');
    await expectAccessible(page, 'sign-in');
    await page.getByLabel('Adresse e-mail').fill(address);
    await page.getByRole('button', { name: 'Recevoir mon lien de connexion' }).click();
    await page.getByRole('heading', { name: 'Vérifiez votre messagerie' }).waitFor();
    await expectAccessible(page, 'link sent');

    const signInEmail = await latestEmailTo(h.database.db, address, 'portal-sign-in');
    await page.goto(linkIn(signInEmail!.text, `${origin}/portail/connexion/lien?jeton=`));
    await expectAccessible(page, 'magic link confirmation');
    await page.getByRole('button', { name: 'Accéder à mon espace' }).click();
    await page.getByRole('heading', { level: 1, name: 'Justificatifs de TVA' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/portail/demandes/${request!.id}`);
    expect(await page.textContent('main')).toContain('29 janvier 2027');
    await expectAccessible(page, 'request page');

    const dir = mkdtempSync(join(tmpdir(), 'echeance-upload-'));
    writeFileSync(join(dir, 'factures-janvier.pdf'), '%PDF-1.4 factures de janvier');
    writeFileSync(join(dir, 'relevé-janvier.csv'), 'date;montant\n2027-01-03;120,00\n');
    await page.getByLabel('Votre message (facultatif)').fill('Voici les pièces de janvier.');
    await page.getByLabel('Vos fichiers (au moins un)').setInputFiles([join(dir, 'factures-janvier.pdf'), join(dir, 'relevé-janvier.csv')]);
    await page.getByRole('button', { name: 'Envoyer ma réponse' }).click();
    await page.getByText('votre réponse a bien été envoyée').waitFor();
    expect(await page.textContent('main')).toContain('Répondue');
    expect(await page.textContent('main')).toContain('Voici les pièces de janvier.');
    await expectAccessible(page, 'answered request');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger relevé-janvier.csv' }).click()]);
    expect(download.suggestedFilename()).toBe('relevé-janvier.csv');
    expect(readFileSync((await download.path())!, 'utf8')).toBe('date;montant\n2027-01-03;120,00\n');

    await page.getByRole('link', { name: 'Mes demandes', exact: true }).click();
    await page.getByRole('heading', { name: 'Demandes répondues ou clôturées' }).waitFor();
    await expectAccessible(page, 'requests list');
    await page.getByRole('link', { name: 'Accueil', exact: true }).click();
    await expectAccessible(page, 'home');
    await page.getByRole('link', { name: 'Documents', exact: true }).click();
    await expectAccessible(page, 'documents');
    await page.getByRole('link', { name: 'Prestations', exact: true }).click();
    await expectAccessible(page, 'services');
    await page.getByLabel('Précisions pour votre cabinet (facultatif)').fill('Également pour la holding.');
    await page.getByRole('button', { name: 'Demander cette prestation' }).click();
    await page.getByText('bien été transmise à votre cabinet').waitFor();
    await expectAccessible(page, 'service requested');
    await page.goto(`${origin}/portail/accessibilite`);
    await expectAccessible(page, 'accessibility statement');
    await page.goto(`${origin}/portail/nulle-part`);
    await expectAccessible(page, '404 page');
    await page.goto(`${origin}/portail`);
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByText('Vous êtes déconnecté').waitFor();
    await context.close();

    // The firm's side, through its API.
    const answered = await h.api.get(`/api/v1/information-requests/${request!.id}`);
    expect(answered.body.status).toBe('answered');
    expect(answered.body.answers[0].text).toBe('Voici les pièces de janvier.');
    expect(answered.body.answers[0].files.map((file: { name: string }) => file.name)).toEqual(['factures-janvier.pdf', 'relevé-janvier.csv']);
    const tasks = await h.api.get(`/api/v1/tasks?clientId=${h.client.id}`);
    const task = tasks.body.items.find((item: { source: string }) => item.source === 'client_request');
    expect(task.title).toBe(`Demande de prestation : ${service.internalLabel}`);
    expect(task.description).toContain('Également pour la holding.');
  });
});
