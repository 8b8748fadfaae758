/**
 * The online quote in real Chromium, from the link in the outbox email: the view is recorded (and
 * the assignee told by email, their preference),
 * the contact adds an optional line (totals recomputed), downloads the PDF (recorded), accepts;
 * the quote becomes accepted. axe-core checks the page. Forged and other quotes' links → 404.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DatabaseOutboxStore } from '../../adapters/email/database-outbox-store.ts';
import { OutboxEmailSender } from '../../adapters/email/outbox-email-sender.ts';
import type { App } from '../../api/app.ts';
import { parseConfig } from '../../config.ts';
import { outboxEmails } from '../../db/schema/index.ts';
import { apiClient, createTestApp, type ApiClient } from '../support/test-app.ts';
import { hasChromiumFor, launchChromium, serveOnFreePort } from '../web/support/browser.ts';
import { expectAccessible } from '../web/support/axe.ts';
import { linkIn } from '../web/support/page-client.ts';
import { seedDraftQuote } from './quote-builders.ts';
import { startQuoteHarness, type QuoteHarness } from './quote-harness.ts';

const hasChromium = hasChromiumFor('the online quote in Chromium');

let h: QuoteHarness;
let app: App;
let staff: ApiClient;
let server: Awaited<ReturnType<typeof serveOnFreePort>>;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  h = await startQuoteHarness();
  server = await serveOnFreePort(() => app);
  origin = server.origin;
  app = createTestApp(h.database, {
    config: parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_BASE_URL: origin }),
    temporal: { client: h.env.client, taskQueue: h.taskQueue, ping: async () => {} },
    emailSender: new OutboxEmailSender({ store: new DatabaseOutboxStore(h.database.db), directory: mkdtempSync(join(tmpdir(), 'echeance-quote-chromium-')) }),
    pdfRenderer: h.pdfRenderer,
  });
  staff = apiClient(app, h.org.collaboratorToken);
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await h?.close();
});

describe.skipIf(!hasChromium)('the online quote in Chromium', () => {
  it('takes the contact from the email link to an accepted quote, recording the view and the download', async () => {
    const draft = await seedDraftQuote(staff, h.client.id);
    const sent = await staff.post(`/api/v1/quotes/${draft.id}/send`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const [email] = await h.database.db.select().from(outboxEmails).where(eq(outboxEmails.idempotencyKey, `quote-sent/${draft.id}`));
    const link = linkIn(email!.text, `${origin}/devis/`);

    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(link);
    await page.getByRole('heading', { name: `Devis ${sent.body.number}` }).waitFor();
    await expectAccessible(page, 'online quote');
    expect(await page.locator('#total-ttc').textContent()).toBe('4 721,18 €');
    expect((await staff.get(`/api/v1/quotes/${draft.id}`)).body.viewCount).toBe(1);

    await page.getByLabel(/Option : déclaration IFI/).check();
    await page.getByRole('button', { name: 'Mettre à jour le devis' }).click();
    await page.getByText('Le devis a été mis à jour.').waitFor();
    // + 300 € HT at 20 %: 4 721,18 € + 360,00 €.
    expect(await page.locator('#total-ttc').textContent()).toBe('5 081,18 €');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger PDF' }).click()]);
    expect(download.suggestedFilename()).toBe(`Devis ${sent.body.number}.pdf`);

    await page.getByLabel('Vos nom et prénom').fill('Claire Martin');
    await page.getByLabel(/Bon pour accord/).check();
    await page.getByRole('button', { name: 'Signer et accepter' }).click();
    await page.getByText('Merci, votre acceptation a été enregistrée.').waitFor();
    await expect.poll(async () => (await staff.get(`/api/v1/quotes/${draft.id}`)).body.status, { timeout: 20_000 }).toBe('accepted');
    const accepted = (await staff.get(`/api/v1/quotes/${draft.id}`)).body;
    expect(accepted).toMatchObject({ totalInclTaxCents: 508_118, acceptance: { signer: 'Claire Martin', level: 'simple' } });
    const events: Array<{ kind: string; detail: Record<string, unknown> }> = (await staff.get(`/api/v1/quotes/${draft.id}/history`)).body.items;
    expect(events.filter((event) => event.kind !== 'notified').map((event) => event.kind)).toEqual(['sent', 'viewed', 'optional_line_added', 'downloaded', 'accepted']);
    // The assignee (who prefers email) was told of the view and the download.
    const notices = events.filter((event) => event.kind === 'notified').map((event) => event.detail);
    expect(notices).toEqual(expect.arrayContaining([expect.objectContaining({ about: 'viewed', channel: 'email' }), expect.objectContaining({ about: 'downloaded', channel: 'email' })]));
    const [viewedNotice] = await h.database.db.select().from(outboxEmails).where(eq(outboxEmails.subject, `Devis ${sent.body.number} consulté en ligne par Boulangerie Martin`));
    expect(viewedNotice).toMatchObject({ toAddresses: [h.org.collaborator.email] });
    // The assignee's confirmation: who signed, and when.
    // Sent by the quote workflow's activity, after the page has answered.
    const confirmation = await vi.waitFor(
      async () => {
        const [found] = await h.database.db.select().from(outboxEmails).where(eq(outboxEmails.idempotencyKey, `quote-accepted/${draft.id}`));
        if (!found) throw new Error('no confirmation email yet');
        return found;
      },
      { timeout: 30_000, interval: 200 },
    );
    expect(confirmation).toMatchObject({ toAddresses: [h.org.collaborator.email], subject: `Devis ${sent.body.number} accepté par Boulangerie Martin` });
    expect(confirmation!.text).toContain('signé par Claire Martin');

    // Tampered and foreign links are the French 404 page.
    const forged = await page.goto(`${link.slice(0, -2)}xx`);
    expect(forged?.status()).toBe(404);
    const foreign = await page.goto(`${origin}/devis/${Buffer.from(JSON.stringify({ q: draft.id, e: 4_102_444_800 })).toString('base64url')}.AAAA`);
    expect(foreign?.status()).toBe(404);
    await context.close();
  });
});
