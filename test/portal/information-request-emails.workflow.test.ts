/**
 * A simulated year of the seed-004 VAT reminder on the real worker and the project's
 * time-skipping Temporal server (2027, for the reason given in mission-year.workflow.test.ts):
 * each information request brings its contact one creation email, then — while still open — one
 * reminder 5 days before its due date and one overdue email the day after; answering stops them.
 */
import { and, eq, like } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.ts';
import { informationRequestEmails, outboxEmails } from '../../db/schema/index.ts';
import { addDays } from '../../domain/calendar/iso-date.ts';
import { issuePortalToken } from '../../domain/clients/issue-portal-token.ts';
import { issueCalendarFeed, revokeCalendarFeed } from '../../domain/portal/calendar-feed.ts';
import { informationRequestWorkflowId } from '../../workflows/information-request.contract.ts';
import { createSignedMission, replayEveryHistory, vat2027Deadlines, vatLine } from '../missions/support/mission-fixtures.ts';
import { informationRequestsOf, parisDate, parisInstant, startMissionHarness, type MissionHarness } from '../missions/support/mission-harness.ts';
import { adminActor } from '../support/seed-catalogue.ts';
import { createTestApp } from '../support/test-app.ts';

let h: MissionHarness;
let app: App;
let portalToken: string;

beforeAll(async () => {
  h = await startMissionHarness();
  app = createTestApp(h.database, { temporal: { client: h.env.client, taskQueue: h.taskQueue, ping: async () => {} } });
  ({ token: portalToken } = await issuePortalToken(h.database.db, adminActor(h.org), h.client.id, h.client.contacts[0]!.id, 'http://localhost:3000'));
  await h.skipTo(parisInstant('2027-01-05', '09:00'));
});
afterAll(async () => h?.close());

/** The client answers with a file through the portal API (which signals the request's workflow). */
async function answer(requestId: string) {
  const form = new FormData();
  form.append('files[]', new File(['%PDF-1.4 pièces'], 'pieces.pdf', { type: 'application/pdf' }));
  const response = await app.request(`/api/v1/portal/information-requests/${requestId}/answers`, { method: 'POST', headers: { Authorization: `Bearer ${portalToken}` }, body: form });
  expect(response.status, await response.clone().text()).toBe(201);
}

/** The emails of one request, by kind, from the outbox (what was really sent) and from its history. */
async function emailsOf(requestId: string) {
  const sent = await h.database.db.select().from(outboxEmails).where(like(outboxEmails.idempotencyKey, `information-request/${requestId}/%`));
  const history = await h.database.db.select().from(informationRequestEmails).where(eq(informationRequestEmails.requestId, requestId));
  const count = (rows: Array<{ kind: string }>) => Object.fromEntries(['created', 'reminder', 'overdue'].map((kind) => [kind, rows.filter((row) => row.kind === kind).length]));
  return { sent: count(sent.map((row) => ({ kind: row.idempotencyKey.split('/')[2]! }))), history: count(history), rows: sent, historyRows: history };
}

describe('the contact’s calendar feed', () => {
  it('lists the forecast’s upcoming due dates, parsed by an independent iCalendar parser, and stops once revoked', async () => {
    const mission = await createSignedMission(h, { name: 'Rappel TVA (calendrier)', lines: [vatLine(h)] });
    const contactId = h.client.contacts[0]!.id;
    const { url } = await issueCalendarFeed(h.database.db, adminActor(h.org), h.client.id, contactId, 'http://localhost:3000');
    const response = await app.request(new URL(url).pathname);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/calendar');

    const calendar = new ICAL.Component(ICAL.parse(await response.text()));
    const events = calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));
    const forecast = await h.api.get(`/api/v1/missions/${mission.id}/forecast`);
    const today = parisDate(await h.now());
    const upcoming = (forecast.body.occurrences as Array<{ deadline: string }>).map((o) => o.deadline).filter((deadline) => deadline >= today);
    expect(upcoming).toEqual(vat2027Deadlines);
    expect(events.map((event) => event.startDate.toString())).toEqual(upcoming);
    expect(events.every((event) => event.startDate.isDate)).toBe(true);
    expect(events[0]!.summary).toBe('À fournir : Justificatifs de TVA');
    expect(new Set(events.map((event) => event.uid)).size).toBe(events.length);

    await revokeCalendarFeed(h.database.db, adminActor(h.org), h.client.id, contactId);
    expect((await app.request(new URL(url).pathname)).status).toBe(404);
    // This mission only served the feed: it must not add requests to the year below.
    expect((await h.api.post(`/api/v1/missions/${mission.id}/cancel`)).status).toBe(200);
  });
});

describe('information request emails over a simulated year', () => {
  it('sends one creation email, one reminder and one overdue email per request left open, none after an answer, exactly once each', async () => {
    const mission = await createSignedMission(h, { name: 'Rappel TVA 2027', lines: [vatLine(h)] });
    const answeredEarly = new Set(['2027-02-26', '2027-05-28', '2027-08-30']);
    const answeredAfterReminder = '2027-03-30';

    for (const deadline of vat2027Deadlines) {
      // Created at 00:00 Paris ten days ahead; the client may answer that morning.
      await h.skipTo(parisInstant(addDays(deadline, -10), '08:00'));
      const request = (await informationRequestsOf(h.database, mission.id)).find((row) => row.deadline === deadline);
      expect(request, `request due ${deadline}`).toBeDefined();
      await expect.poll(async () => (await emailsOf(request!.id)).sent.created, { timeout: 20_000 }).toBe(1);
      if (answeredEarly.has(deadline)) {
        await answer(request!.id);
        // The signal ends the workflow at once: it does not wait for the reminder's date.
        const result = await h.env.client.workflow.getHandle(informationRequestWorkflowId(request!.id)).result();
        expect(result).toEqual({ sent: ['created'] });
      }
      if (deadline === answeredAfterReminder) {
        await h.skipTo(parisInstant(addDays(deadline, -5), '10:00'));
        await expect.poll(async () => (await emailsOf(request!.id)).sent.reminder, { timeout: 20_000 }).toBe(1);
        await answer(request!.id);
      }
    }
    // Past the last overdue date (2027-12-31 09:00 Paris).
    await h.skipTo(parisInstant('2028-01-03', '12:00'));
    const requests = await informationRequestsOf(h.database, mission.id);
    expect(requests.map((row) => row.deadline)).toEqual(vat2027Deadlines);
    for (const request of requests) {
      await h.env.client.workflow.getHandle(informationRequestWorkflowId(request.id)).result();
      const { sent, history, rows, historyRows } = await emailsOf(request.id);
      const expected = answeredEarly.has(request.deadline)
        ? { created: 1, reminder: 0, overdue: 0 }
        : request.deadline === answeredAfterReminder
          ? { created: 1, reminder: 1, overdue: 0 }
          : { created: 1, reminder: 1, overdue: 1 };
      expect(sent, `emails of the request due ${request.deadline}`).toEqual(expected);
      expect(history, `history of the request due ${request.deadline}`).toEqual(expected);
      for (const row of rows) expect(row.toAddresses).toEqual(['claire@boulangerie-martin.test']);
      // Sent when the timer fired (workflow clock), give or take the milliseconds a workflow task takes.
      for (const [kind, planned] of [['reminder', parisInstant(addDays(request.deadline, -5), '09:00')], ['overdue', parisInstant(addDays(request.deadline, 1), '09:00')]] as const) {
        const row = historyRows.find((candidate) => candidate.kind === kind);
        if (row) expect(row.createdAt.getTime() - planned.getTime(), `${kind} of ${request.deadline}`).toBeGreaterThanOrEqual(0);
        if (row) expect(row.createdAt.getTime() - planned.getTime(), `${kind} of ${request.deadline}`).toBeLessThan(60_000);
      }
    }
    const created = await h.database.db.select().from(outboxEmails).where(and(like(outboxEmails.idempotencyKey, 'information-request/%/created')));
    expect(created[0]!.subject).toBe('Nouvelle demande d’information : Justificatifs de TVA');
    expect(created[0]!.text).toContain('http://localhost:3000/portail/demandes/');

    // Every recorded history — service lines with the patch, the request workflows — replays.
    const replayed = await replayEveryHistory(h);
    expect(replayed).toContain(informationRequestWorkflowId(requests[0]!.id));
  });
});
