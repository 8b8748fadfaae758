/**
 * Missions as the acceptance scenarios describe them, created through the API, and the exact
 * expectations for 2027 (see mission-year.workflow.test.ts for why the year is 2027).
 */
import { expect } from 'vitest';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../../workflow-bundle.ts';
import type { MissionHarness } from './mission-harness.ts';

/** The seed-004 VAT reminder: monthly, deadline the 30th (the last day of shorter months), 10 days ahead. */
export const vatLine = (h: MissionHarness) => ({
  serviceId: h.vatService.id,
  frequency: 'monthly',
  deadlineRule: { kind: 'day-of-month', day: 30 },
  leadTimeDays: 10,
});

/** The quarterly review: end of each quarter, the service's own lead time (15 days). */
export const quarterlyLine = (h: MissionHarness) => ({
  serviceId: h.quarterlyService.id,
  frequency: 'quarterly',
  deadlineRule: { kind: 'end-of-period' },
});

/**
 * The 2027 deadlines of the VAT line: the 30th, or the last day of February, moved back to the
 * previous business day — 01-30 and 10-30 are Saturdays, 02-28 and 05-30 Sundays.
 */
export const vat2027Deadlines = [
  '2027-01-29',
  '2027-02-26',
  '2027-03-30',
  '2027-04-30',
  '2027-05-28',
  '2027-06-30',
  '2027-07-30',
  '2027-08-30',
  '2027-09-30',
  '2027-10-29',
  '2027-11-30',
  '2027-12-30',
];

/** The 2027 quarter ends, all business days (Wed 03-31, Wed 06-30, Thu 09-30, Fri 12-31). */
export const quarterly2027Deadlines = ['2027-03-31', '2027-06-30', '2027-09-30', '2027-12-31'];

/** Creates a mission through the API and checks the 201. */
export async function createMission(h: MissionHarness, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await h.api.post('/api/v1/missions', { clientId: h.client.id, name: 'Mission 2027', startDate: '2027-01-01', endDate: '2027-12-31', ...body }, headers);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; lines: Array<{ id: string; serviceId: string }>; workflowId: string };
}

/** Creates, validates and signs a mission through the API (signed "now" on the server clock). */
export async function createSignedMission(h: MissionHarness, body: Record<string, unknown>) {
  const mission = await createMission(h, body);
  const validated = await h.api.post(`/api/v1/missions/${mission.id}/validate`);
  expect(validated.status, JSON.stringify(validated.body)).toBe(200);
  const signed = await h.api.post(`/api/v1/missions/${mission.id}/sign`, { signer: 'Claire Martin' });
  expect(signed.status, JSON.stringify(signed.body)).toBe(200);
  expect(signed.body.status).toBe('active');
  return signed.body as { id: string; lines: Array<{ id: string; serviceId: string }>; signedAt: string; workflowId: string };
}

/**
 * Replays the recorded history of every workflow that ran on the test server with the product's
 * workflow code: any non-determinism (a workflow change that would break running missions) fails.
 */
export async function replayEveryHistory(h: MissionHarness): Promise<string[]> {
  const replayed: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, h.env.client.workflow.list().intoHistories())) {
    expect(result.error, `replay of ${result.workflowId}`).toBeUndefined();
    replayed.push(result.workflowId);
  }
  return replayed;
}
