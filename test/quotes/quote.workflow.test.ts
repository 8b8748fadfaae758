/**
 * The quote workflow on the time-skipping server from today's date: expiry at the end of
 * validity, the firm's automatic reminders, and signatures delivered more than once.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deliverQuoteSignature, type QuoteCommandDeps } from '../../adapters/temporal/quote-commands.ts';
import { historyEntries, outboxEmails, quoteEvents } from '../../db/schema/index.ts';
import { addDays } from '../../domain/calendar/iso-date.ts';
import { businessDateOf, parisInstant } from '../../domain/calendar/paris-time.ts';
import { seedClient } from '../support/seed-clients.ts';
import { startQuoteHarness, type QuoteHarness } from './quote-harness.ts';
import { seedDraftQuote } from './quote-builders.ts';

const DAY = 24 * 3_600_000;
let h: QuoteHarness;
let deps: QuoteCommandDeps;
beforeAll(async () => {
  h = await startQuoteHarness();
  deps = { db: h.database.db, temporal: { client: h.env.client, taskQueue: h.taskQueue, ping: async () => {} } };
}, 120_000);
afterAll(async () => h?.close());

const eventsOf = async (quoteId: string) => (await h.api.get(`/api/v1/quotes/${quoteId}/history`)).body.items as Array<{ kind: string; detail: any; occurredAt: string }>;
const quoteOf = async (quoteId: string) => (await h.api.get(`/api/v1/quotes/${quoteId}`)).body;
const signature = (id: string, signer = 'Claire Martin') => ({ signatureId: id, signer, signedAt: new Date().toISOString(), level: 'simple' as const });

/** A sent quote of the harness's client, valid `validityDays` from the server's today, reminded on `reminderDays`. */
async function sendQuote(options: { validityDays: number; reminderDays: number[] }) {
  await h.admin.put(`/api/v1/firms/${h.org.firm.id}/quote-settings`, { validityDays: 30, reminderDays: options.reminderDays });
  const today = businessDateOf(await h.now());
  const draft = await seedDraftQuote(h.api, h.client.id, { validUntil: addDays(today, options.validityDays) });
  const sent = await h.api.post(`/api/v1/quotes/${draft.id}/send`);
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  return sent.body as { id: string; sentAt: string; validUntil: string };
}

describe('a sent quote’s workflow', () => {
  it('expires a quote unsigned at the end of its validity, after which it can no longer be signed', async () => {
    const quote = await sendQuote({ validityDays: 10, reminderDays: [7, 14] });
    const state = (await h.api.get(`/api/v1/quotes/${quote.id}/state`)).body;
    expect(state).toMatchObject({ status: 'sent', expiresAt: parisInstant(addDays(quote.validUntil, 1)).toISOString() });

    await h.skipTo(parisInstant(quote.validUntil, '23:00'));
    expect((await quoteOf(quote.id)).status).toBe('sent');
    await h.skipTo(parisInstant(addDays(quote.validUntil, 1), '01:00'));
    await vi.waitFor(async () => expect((await quoteOf(quote.id)).status).toBe('expired'), { timeout: 20_000, interval: 200 });
    // Day 7 was reminded; day 14 falls after the expiry and never is.
    expect((await eventsOf(quote.id)).map((e) => e.kind)).toEqual(['sent', 'reminded', 'expired']);

    const accept = await h.api.post(`/api/v1/quotes/${quote.id}/accept`, { signer: 'Claire Martin' });
    expect(accept.status).toBe(409);
    expect(accept.body).toMatchObject({ reason: 'quote_status_conflict', quoteStatus: 'expired', command: 'accept' });
    await expect(deliverQuoteSignature(deps, h.org.organisationId, quote.id, signature('late'))).rejects.toMatchObject({ reason: 'quote_status_conflict' });
    expect((await quoteOf(quote.id)).status).toBe('expired');
  });

  it('sends the reminders on their days at 09:00 Paris and stops them once the quote is signed', async () => {
    const quote = await sendQuote({ validityDays: 30, reminderDays: [3, 7, 14] });
    const sentOn = businessDateOf(quote.sentAt);
    const reminderAt = (day: number) => parisInstant(addDays(sentOn, day), '09:00').getTime();

    await h.skipTo(new Date(reminderAt(3) - 60_000));
    expect((await eventsOf(quote.id)).map((e) => e.kind)).toEqual(['sent']);
    await h.skipTo(new Date(reminderAt(3) + 60_000));
    await vi.waitFor(async () => expect((await eventsOf(quote.id)).map((e) => e.kind)).toEqual(['sent', 'reminded']), { timeout: 20_000, interval: 200 });
    const reminded = (await eventsOf(quote.id))[1]!;
    expect(reminded.detail).toMatchObject({ automatic: true, day: 3 });
    expect(Math.abs(new Date(reminded.occurredAt).getTime() - reminderAt(3))).toBeLessThan(DAY / 24);
    expect((await h.api.get(`/api/v1/quotes/${quote.id}/state`)).body).toMatchObject({ remindersSent: [3], nextReminderAt: new Date(reminderAt(7)).toISOString() });
    const [reminderEmail, ...more] = await h.database.db.select().from(outboxEmails).where(eq(outboxEmails.idempotencyKey, `quote-reminder/${quote.id}/auto-3`));
    expect(more).toEqual([]);
    expect(reminderEmail).toMatchObject({ toAddresses: [h.client.contacts[0]!.email] });
    expect(reminderEmail!.subject).toMatch(/^Relance : votre devis D-/);
    expect(reminderEmail!.text).toContain('Accéder au document');

    await h.skipTo(new Date(reminderAt(5)));
    await deliverQuoteSignature(deps, h.org.organisationId, quote.id, signature('yousign-sig-1'));
    await vi.waitFor(async () => expect((await quoteOf(quote.id)).status).toBe('accepted'), { timeout: 20_000, interval: 200 });
    await h.skipTo(new Date(reminderAt(20)));
    expect((await eventsOf(quote.id)).map((e) => e.kind)).toEqual(['sent', 'reminded', 'accepted']);
    expect(await h.database.db.select().from(outboxEmails).where(eq(outboxEmails.idempotencyKey, `quote-reminder/${quote.id}/auto-7`))).toEqual([]);
  });

  it('changes the state once for duplicate and out-of-order signature events', async () => {
    const quote = await sendQuote({ validityDays: 30, reminderDays: [7] });
    await deliverQuoteSignature(deps, h.org.organisationId, quote.id, signature('sig-first', 'Claire Martin'));
    // The provider's retry of the same event and a stale other event arrive together, possibly before it was applied.
    await Promise.all([
      deliverQuoteSignature(deps, h.org.organisationId, quote.id, signature('sig-first', 'Claire Martin')),
      deliverQuoteSignature(deps, h.org.organisationId, quote.id, signature('sig-other', 'Paul Martin')),
    ]);
    await vi.waitFor(async () => expect((await quoteOf(quote.id)).status).toBe('accepted'), { timeout: 20_000, interval: 200 });
    // After the answer: the same event again is done, a decline is refused.
    await deliverQuoteSignature(deps, h.org.organisationId, quote.id, signature('sig-first', 'Claire Martin'));
    const decline = await h.api.post(`/api/v1/quotes/${quote.id}/decline`, { reason: 'Trop cher' });
    expect(decline.status).toBe(409);

    const after = await quoteOf(quote.id);
    expect(after.acceptance).toMatchObject({ signatureId: 'sig-first', signer: 'Claire Martin' });
    const accepted = await h.database.db.select().from(quoteEvents).where(and(eq(quoteEvents.quoteId, quote.id), eq(quoteEvents.kind, 'accepted')));
    expect(accepted).toHaveLength(1);
    const statusChanges = await h.database.db
      .select()
      .from(historyEntries)
      .where(and(eq(historyEntries.entityType, 'quote'), eq(historyEntries.entityId, quote.id), eq(historyEntries.field, 'status')));
    // One change to each status (the rows come back in no particular order).
    expect(statusChanges.map((entry) => entry.newValue).sort()).toEqual(['accepted', 'sent']);
  });

  it('answers a staff decline of a sent quote through the workflow, which then ends', async () => {
    const client = await seedClient(h.database.db, h.org);
    const draft = await seedDraftQuote(h.api, client.id);
    expect((await h.api.post(`/api/v1/quotes/${draft.id}/send`)).status).toBe(200);
    const declined = await h.api.post(`/api/v1/quotes/${draft.id}/decline`, { reason: 'Budget reporté' });
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', declineReason: 'Budget reporté' });
    const result = await h.env.client.workflow.getHandle(`quote/${draft.id}`).result();
    expect(result).toMatchObject({ status: 'declined' });
  });
});
