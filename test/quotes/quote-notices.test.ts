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
import { outboxEmails, outboxSms, users } from '../../db/schema/index.ts';
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

const smsWithKey = (key: string) => h.database.db.select().from(outboxSms).where(eq(outboxSms.idempotencyKey, key));
const noticesOf = async (quoteId: string) => (await eventsOf(quoteId)).filter((event) => event.kind === 'notified').map((event) => event.detail);

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

describe('notifications to the assignee', () => {
  it('emails the first view and the first download of the day, while every one is recorded, and a refusal with its reason', async () => {
    const { quote, path } = await sentQuote();
    const page = pageClient(app);
    expect((await page.get(path)).status).toBe(200);
    expect((await page.get(path)).status).toBe(200);
    const pdf = await app.request(`${path}/pdf`);
    expect(pdf.status).toBe(200);
    await pdf.arrayBuffer();
    const events = await eventsOf(quote.id);
    expect(events.filter((event) => event.kind === 'viewed')).toHaveLength(2);
    expect(events.filter((event) => event.kind === 'downloaded')).toHaveLength(1);
    const [viewed, ...moreViews] = await h.database.db.select().from(outboxEmails).where(and(eq(outboxEmails.toAddresses, [h.org.collaborator.email]), eq(outboxEmails.subject, `Devis ${quote.number} consulté en ligne par Boulangerie Martin`)));
    expect(moreViews).toEqual([]);
    expect(viewed!.idempotencyKey).toMatch(new RegExp(`^quote-viewed/${quote.id}/\\d{4}-\\d{2}-\\d{2}$`));
    expect(viewed!.text).toContain(`/quotes/${quote.id}`);
    expect(await emailsWithKey(`quote-downloaded/${quote.id}/${viewed!.idempotencyKey!.slice(-10)}`)).toHaveLength(1);

    const { quote: declined, path: declinedPath } = await sentQuote();
    const other = pageClient(app);
    await other.get(declinedPath);
    expect((await other.postForm(`${declinedPath}/refuser`, { reason: 'Trop cher pour nous cette année.' })).status).toBe(200);
    const [refusal] = await emailsWithKey(`quote-declined-notice/${declined.id}`);
    expect(refusal).toMatchObject({ toAddresses: [h.org.collaborator.email], subject: `Devis ${declined.number} refusé par Boulangerie Martin` });
    expect(refusal!.text).toContain('Trop cher pour nous cette année.');
    expect(await noticesOf(declined.id)).toEqual(expect.arrayContaining([{ about: 'viewed', channel: 'email', userId: h.org.collaborator.id }, { about: 'declined', channel: 'email', userId: h.org.collaborator.id }]));
  });

  it('texts an assignee who prefers SMS (the SMS outbox): viewed, signed — with the confirmation email still sent — and declined', async () => {
    await h.database.db.update(users).set({ notifyBy: 'sms', mobile: '06 12 34 56 78' }).where(eq(users.id, h.org.admin.id));
    try {
      const { quote, path } = await sentQuote(h.org.admin.id);
      const page = pageClient(app);
      await page.get(path);
      expect((await page.postForm(`${path}/accepter`, { signer: 'Claire Martin', consent: 'oui' })).status).toBe(200);
      // The signature reaches the quote's workflow as a signal: the notice follows the transition.
      await expect.poll(async () => (await noticesOf(quote.id)).map((notice) => notice.about), { timeout: 60_000, interval: 200 }).toContain('accepted');
      expect((await h.api.get(`/api/v1/quotes/${quote.id}`)).body.status).toBe('accepted');
      const viewed = await h.database.db.select().from(outboxSms).where(eq(outboxSms.organisationId, h.org.organisationId));
      const bodies = viewed.filter((sms) => sms.body.includes(quote.number)).map((sms) => ({ to: sms.toNumber, body: sms.body.split(' le ')[0] }));
      expect(bodies).toEqual(
        expect.arrayContaining([
          { to: '+33612345678', body: `Le devis ${quote.number} a été consulté en ligne par Boulangerie Martin` },
          { to: '+33612345678', body: `Le devis ${quote.number} a été signé par Boulangerie Martin` },
        ]),
      );
      expect(bodies).toHaveLength(2);
      expect(await smsWithKey(`${h.org.organisationId}/quote-accepted-notice/${quote.id}`)).toHaveLength(1);
      expect(await emailsWithKey(`quote-accepted/${quote.id}`)).toHaveLength(1);
      expect(await emailsWithKey(`quote-accepted-notice/${quote.id}`)).toHaveLength(0);
      expect(await noticesOf(quote.id)).toEqual(expect.arrayContaining([{ about: 'viewed', channel: 'sms', userId: h.org.admin.id }, { about: 'accepted', channel: 'sms', userId: h.org.admin.id }]));

      const { quote: declined } = await sentQuote(h.org.admin.id);
      expect((await h.api.post(`/api/v1/quotes/${declined.id}/decline`, { reason: 'Budget' })).status).toBe(200);
      expect(await smsWithKey(`${h.org.organisationId}/quote-declined-notice/${declined.id}`)).toEqual([expect.objectContaining({ toNumber: '+33612345678' })]);
    } finally {
      await h.database.db.update(users).set({ notifyBy: 'email', mobile: null }).where(eq(users.id, h.org.admin.id));
    }
  });

  it('emails instead when the SMS port refuses the assignee’s number for good (a landline)', async () => {
    await h.database.db.update(users).set({ notifyBy: 'sms', mobile: '01 42 68 53 00' }).where(eq(users.id, h.org.admin.id));
    try {
      const { quote, path } = await sentQuote(h.org.admin.id);
      expect((await pageClient(app).get(path)).status).toBe(200);
      expect(await noticesOf(quote.id)).toEqual([{ about: 'viewed', channel: 'email', userId: h.org.admin.id }]);
      const [email] = await h.database.db.select().from(outboxEmails).where(eq(outboxEmails.subject, `Devis ${quote.number} consulté en ligne par Boulangerie Martin`));
      expect(email).toMatchObject({ toAddresses: [h.org.admin.email] });
    } finally {
      await h.database.db.update(users).set({ notifyBy: 'email', mobile: null }).where(eq(users.id, h.org.admin.id));
    }
  });
});
