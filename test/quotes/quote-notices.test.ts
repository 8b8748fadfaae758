/**
 * What the client's activity on the online quote tells the quote's assignee: the feedback form
 * (emailed, recorded, once per submission, rate-limited) and the notifications of seed 002
 * (viewed, downloaded, signed, declined) by email or SMS per the assignee's preference. Pages
 * over HTTP (`app.request`) with their CSRF cookie; emails and SMS read from the real outboxes.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.ts';
import { parseConfig } from '../../config.ts';
import { outboxEmails } from '../../db/schema/index.ts';
import { seedClient } from '../support/seed-clients.ts';
import { hiddenField, linkIn, pageClient } from '../web/support/page-client.ts';
import { seedSentQuote } from './quote-builders.ts';
import { startQuoteHarness, type QuoteHarness } from './quote-harness.ts';

let h: QuoteHarness;
let app: App;
beforeAll(async () => {
  h = await startQuoteHarness();
  app = h.appFor();
}, 120_000);
afterAll(async () => h?.close());

const emailsWithKey = (key: string) => h.database.db.select().from(outboxEmails).where(eq(outboxEmails.idempotencyKey, key));
const eventsOf = async (quoteId: string) => (await h.api.get(`/api/v1/quotes/${quoteId}/history`)).body.items as Array<{ kind: string; detail: any }>;

/** The online page's path from the quote's first email, as the contact clicks it. */
async function pagePathOf(quoteId: string): Promise<string> {
  const [email] = await emailsWithKey(`quote-sent/${quoteId}`);
  return new URL(linkIn(email!.text, 'http://localhost:3000/devis/')).pathname;
}

/** A sent quote assigned to the collaborator (who prefers email), for a new client. */
async function sentQuote(assigneeUserId = h.org.collaborator.id) {
  const client = await seedClient(h.database.db, h.org);
  const quote = await seedSentQuote(h.api, client.id, { assigneeUserId });
  return { quote, path: await pagePathOf(quote.id) };
}

describe('the feedback form of the online quote', () => {
  it('emails the message to the assignee and records it in the history, once per submission', async () => {
    const { quote, path } = await sentQuote();
    const page = pageClient(app);
    const opened = await page.get(path);
    expect(opened.status).toBe(200);
    expect(opened.html).toContain('Une question, une remarque ?');
    const submission = hiddenField(opened.html, 'submission')!;
    expect(submission).toMatch(/^[0-9a-f-]{36}$/);

    const empty = await page.postForm(`${path}/avis`, { message: '  ', submission });
    expect(empty.html).toContain('Écrivez votre message');
    const fields = { author: 'Claire Martin', message: 'Pouvez-vous détailler la ligne « Bilan » ?', submission };
    const sent = await page.postForm(`${path}/avis`, fields);
    expect(sent.status).toBe(200);
    expect(sent.html).toContain('Merci, votre message a été transmis au cabinet.');
    expect((await page.postForm(`${path}/avis`, fields)).status).toBe(200); // a double click

    const emails = await emailsWithKey(`quote-feedback/${quote.id}/${submission}`);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ toAddresses: [h.org.collaborator.email], subject: `Message de Boulangerie Martin sur le devis ${quote.number}` });
    expect(emails[0]!.text).toContain('Pouvez-vous détailler la ligne « Bilan » ?');
    expect(emails[0]!.text).toContain('Message de Claire Martin');
    const events = await eventsOf(quote.id);
    expect(events.filter((event) => event.kind === 'feedback').map((event) => event.detail)).toEqual([{ message: fields.message, author: 'Claire Martin' }]);
    expect(events.filter((event) => event.kind === 'notified').map((event) => event.detail)).toContainEqual({ about: 'feedback', channel: 'email', userId: h.org.collaborator.id });

    // A new form is a new submission; a post without the CSRF token is refused before anything.
    const again = hiddenField((await page.get(path)).html, 'submission')!;
    expect(again).not.toBe(submission);
    expect((await page.postForm(`${path}/avis`, { message: 'Sans jeton', submission: again }, { csrf: false })).status).toBe(403);
    expect((await eventsOf(quote.id)).filter((event) => event.kind === 'feedback')).toHaveLength(1);
  });

  it('is rate-limited like the other client page posts', async () => {
    const { path } = await sentQuote();
    const limited = h.appFor({ config: parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', RATE_LIMIT_CLIENT_PER_IP: '2' }) });
    const post = () => limited.request(`${path}/avis`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'message=Bonjour' }, { incoming: { socket: { remoteAddress: '203.0.113.40' } } });
    expect((await post()).status).not.toBe(429);
    expect((await post()).status).not.toBe(429);
    const refused = await post();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('text/html');
  });
});
