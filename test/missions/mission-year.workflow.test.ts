/**
 * A year of a signed mission on the real worker and the project's time-skipping Temporal server.
 *
 * Which year: the acceptance scenario is "a mission running 2026-01-01 → 2026-12-31, signed on
 * 2026-01-05". The time-skipping server starts its clock at the real current time (late 2026) and
 * time only moves forward, so 2026-01-05 cannot be reached. The scenario is therefore run one year
 * later, literally: the server clock is first skipped to 2027-01-05 09:00 Paris, the mission runs
 * 2027-01-01 → 2027-12-31 and is signed then, and every expected date is 2027's (its own weekends
 * and public holidays). The workflows read "now" from the workflow clock (Date.now() in the
 * sandbox = server time), so nothing in the code knows about this shift.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creationInstant } from '../../domain/missions/plan-occurrences.ts';
import { informationRequestsOf, parisDate, parisInstant, startMissionHarness, tasksOf, type MissionHarness } from './support/mission-harness.ts';
import { createMission, createSignedMission, quarterly2027Deadlines, quarterlyLine, replayEveryHistory, vat2027Deadlines, vatLine } from './support/mission-fixtures.ts';

let h: MissionHarness;
beforeAll(async () => {
  h = await startMissionHarness();
  await h.skipTo(parisInstant('2027-01-05', '09:00'));
});
afterAll(async () => h?.close());

/** Checks each row was created at 00:00 Paris on deadline − lead time (to the workflow's clock). */
function expectCreatedAhead(rows: Array<{ deadline: string; dueDate: string | null; createdAt: Date }>, leadTimeDays: number) {
  for (const row of rows) {
    const planned = new Date(creationInstant(row.deadline, leadTimeDays)).getTime();
    expect(row.dueDate, `due date of ${row.deadline}`).toBe(row.deadline);
    expect(parisDate(row.createdAt), `creation day of ${row.deadline}`).toBe(parisDate(new Date(planned)));
    // Created when the timer fired, give or take the few real milliseconds a workflow task takes.
    expect(row.createdAt.getTime() - planned, `creation time of ${row.deadline}`).toBeGreaterThanOrEqual(0);
    expect(row.createdAt.getTime() - planned, `creation time of ${row.deadline}`).toBeLessThan(60_000);
  }
}

describe('a mission signed on 2027-01-05, running the whole of 2027', () => {
  it('creates the 12 VAT requests each 10 days before its deadline and the 4 quarterly tasks, none before signature, none after the end', async () => {
    const signedByStaff = await createSignedMission(h, { name: 'TVA et révision 2027', lines: [vatLine(h), quarterlyLine(h)] });
    const signedAt = new Date(signedByStaff.signedAt);
    expect(parisDate(signedAt)).toBe('2027-01-05');

    // The e-signature provider's event, delivered three times (twice the same, once another id).
    const signedByProvider = await createMission(h, { name: 'TVA 2027 (signature électronique)', lines: [vatLine(h), quarterlyLine(h)] });
    expect((await h.api.post(`/api/v1/missions/${signedByProvider.id}/validate`)).status).toBe(200);
    const providerHandle = h.env.client.workflow.getHandle(signedByProvider.workflowId);
    const event = { signatureId: 'yousign-sig-42', signer: 'Claire Martin', signedAt: signedAt.toISOString(), documentHash: 'sha256:abc', level: 'advanced' };
    await providerHandle.signal('signatureReceived', event);
    await providerHandle.signal('signatureReceived', event);
    await providerHandle.signal('signatureReceived', { ...event, signatureId: 'yousign-sig-43' });

    // Another reminder on the 11th: weekends and French public holidays move to the day before
    // (2027-11-11, Armistice, a Thursday → 11-10); January's, due 01-01, is created at signature.
    const onThe11th = await createSignedMission(h, { name: 'Variables de paie 2027', lines: [{ ...vatLine(h), deadlineRule: { kind: 'day-of-month', day: 11 } }] });

    // Findable in the Temporal UI by organisation, client and status.
    await expect
      .poll(async () => {
        const found: string[] = [];
        const query = `OrganizationId = "${h.org.organisationId}" AND ClientId = "${h.client.id}" AND MissionStatus = "active"`;
        for await (const execution of h.env.client.workflow.list({ query })) found.push(execution.workflowId);
        return found.sort();
      })
      .toEqual([signedByStaff.workflowId, signedByProvider.workflowId, onThe11th.workflowId].sort());

    const state = await h.api.get(`/api/v1/missions/${signedByStaff.id}/state`);
    expect(state.body).toMatchObject({ status: 'active', signature: { signer: 'Claire Martin', level: 'manual' } });
    expect(state.body.lines.map((line: { state: string }) => line.state)).toEqual(['running', 'running']);

    await h.skipTo(parisInstant('2028-01-02'));

    for (const mission of [signedByStaff, signedByProvider]) {
      const requests = await informationRequestsOf(h.database, mission.id);
      expect(requests.map((request) => request.deadline)).toEqual(vat2027Deadlines);
      expectCreatedAhead(requests, 10);
      expect(requests.every((request) => request.createdAt >= signedAt)).toBe(true);
      expect(requests.every((request) => request.contactId === h.client.contacts[0]!.id)).toBe(true);
      expect(requests[0]).toMatchObject({ title: 'Justificatifs de TVA' });

      const tasks = await tasksOf(h.database, mission.id);
      expect(tasks.map((task) => task.deadline)).toEqual(quarterly2027Deadlines);
      expectCreatedAhead(tasks, 15);
      expect(tasks.every((task) => task.assigneeUserId === h.client.holderUserId)).toBe(true);

      // At the end of the mission the workflow finishes it by itself.
      const after = await h.api.get(`/api/v1/missions/${mission.id}`);
      expect(after.body.status).toBe('finished');
      expect(parisDate(after.body.finishedAt)).toBe('2028-01-01');
    }
    const payroll = await informationRequestsOf(h.database, onThe11th.id);
    expect(payroll.map((request) => request.deadline)).toEqual([
      '2027-01-11',
      '2027-02-11',
      '2027-03-11',
      '2027-04-09', // 04-11 is a Sunday
      '2027-05-11',
      '2027-06-11',
      '2027-07-09', // 07-11 is a Sunday
      '2027-08-11',
      '2027-09-10', // 09-11 is a Saturday
      '2027-10-11',
      '2027-11-10', // 11-11 is Armistice Day
      '2027-12-10', // 12-11 is a Saturday
    ]);
    expect(payroll[0]!.createdAt.getTime() - new Date(onThe11th.signedAt).getTime()).toBeLessThan(60_000);
    expectCreatedAhead(payroll.slice(1), 10);

    const provider = await h.api.get(`/api/v1/missions/${signedByProvider.id}`);
    expect(provider.body.signature).toMatchObject({ signatureId: 'yousign-sig-42', level: 'advanced', documentHash: 'sha256:abc' });

    // Every history this produced replays with the current workflow code.
    const replayed = await replayEveryHistory(h);
    expect(replayed).toEqual(expect.arrayContaining([signedByStaff.workflowId, `${signedByStaff.workflowId}/line/${signedByStaff.lines[0]!.id}`]));
  });
});
