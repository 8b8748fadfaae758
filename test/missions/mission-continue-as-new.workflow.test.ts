/**
 * A line workflow continues as new every N occurrences, carrying its cursor, so a weekly line
 * running for years keeps a short history — and still creates each occurrence once, and still
 * receives amendments, and is cancelled by the run open now when its line is removed or its
 * mission finished. N is 1 in production; the mission workflow is started here with N = 5 or 2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../domain/calendar/iso-date.ts';
import { computeDeadlines } from '../../domain/missions/compute-deadlines.ts';
import { createMission } from '../../domain/missions/create-mission.ts';
import { creationInstant } from '../../domain/missions/plan-occurrences.ts';
import { missionWorkflowId } from '../../domain/missions/mission-lifecycle.ts';
import { MISSION_WORKFLOW_TYPE, searchAttributeKeys } from '../../workflows/mission.contract.ts';
import { adminActor } from '../support/seed-catalogue.ts';
import { replayEveryHistory } from './support/mission-fixtures.ts';
import { occurrencesOfLine, parisDate, parisInstant, startMissionHarness, type MissionHarness } from './support/mission-harness.ts';

let h: MissionHarness;
beforeAll(async () => {
  h = await startMissionHarness();
});
afterAll(async () => h?.close());

const weeklyLine = () => ({ serviceId: h.quarterlyService.id, frequency: 'weekly', deadlineRule: { kind: 'end-of-period' }, leadTimeDays: 2 }) as const;

/**
 * A mission of weekly lines over the next 120 days, its workflow started with `occurrencesPerRun`
 * (before the API would start it: the API's start then finds it running), validated and signed.
 */
async function signedWeeklyMission(name: string, lineCount: number, occurrencesPerRun: number) {
  const startDate = addDays(parisDate(await h.now()), 1);
  const endDate = addDays(startDate, 120);
  const mission = await createMission(h.database.db, adminActor(h.org), {
    clientId: h.client.id,
    name,
    startDate,
    endDate,
    createPastOccurrences: false,
    lines: Array.from({ length: lineCount }, weeklyLine),
  });
  await h.env.client.workflow.start(MISSION_WORKFLOW_TYPE, {
    taskQueue: h.taskQueue,
    workflowId: missionWorkflowId(mission.id),
    args: [{ missionId: mission.id, organisationId: h.org.organisationId, clientId: h.client.id, overdueAfterDays: 15, occurrencesPerRun }],
    typedSearchAttributes: [{ key: searchAttributeKeys.organizationId, value: h.org.organisationId }],
  });
  expect((await h.api.post(`/api/v1/missions/${mission.id}/validate`)).status).toBe(200);
  expect((await h.api.post(`/api/v1/missions/${mission.id}/sign`, { signer: 'Claire Martin' })).status).toBe(200);
  const deadlines = computeDeadlines({ frequency: 'weekly', deadlineRule: { kind: 'end-of-period' } }, { startDate, endDate });
  return { mission, endDate, deadlines };
}

/** The status of every run of a line's workflow. */
async function lineRuns(missionId: string, lineId: string): Promise<string[]> {
  const runs: string[] = [];
  for await (const execution of h.env.client.workflow.list({ query: `WorkflowId = "${missionWorkflowId(missionId)}/line/${lineId}"` })) runs.push(execution.status.name);
  return runs;
}

describe('a weekly line over four months', () => {
  it('continues as new every 5 occurrences, creates each once, and takes an amendment in a later run', async () => {
    const { mission, endDate, deadlines } = await signedWeeklyMission('Suivi hebdomadaire', 1, 5);
    const line = mission.lines[0]!;

    const amendOn = deadlines[8]!; // after the first continue-as-new
    await h.skipTo(parisInstant(amendOn, '09:00'));
    const amended = await h.api.post(`/api/v1/missions/${mission.id}/amend`, { change: [{ lineId: line.id, leadTimeDays: 4 }] });
    expect(amended.status, JSON.stringify(amended.body)).toBe(200);

    await h.skipTo(parisInstant(addDays(endDate, 2), '09:00'));
    const created = await occurrencesOfLine(h.database, mission.id, line.id);
    expect(created.map((occurrence) => occurrence.deadline)).toEqual(deadlines);
    for (const occurrence of created) {
      const leadTime = occurrence.deadline > amendOn ? 4 : 2;
      expect(parisDate(occurrence.createdAt), `creation of ${occurrence.deadline}`).toBe(parisDate(creationInstant(occurrence.deadline, leadTime)));
    }

    const runs = await lineRuns(mission.id, line.id);
    // A run ends after its 5th occurrence, so n occurrences make floor(n / 5) continued runs.
    expect(runs.filter((status) => status === 'CONTINUED_AS_NEW').length).toBe(Math.floor(deadlines.length / 5));
    expect(runs.filter((status) => status === 'COMPLETED')).toHaveLength(1);

    await replayEveryHistory(h);
  });

  it('removes a line and finishes the mission after the line has continued as new', async () => {
    const { mission, endDate, deadlines } = await signedWeeklyMission('Suivi hebdomadaire (terminé)', 2, 2);
    const [removed, kept] = mission.lines;

    // Three weeks in: each line has continued as new at least once.
    await h.skipTo(parisInstant(deadlines[2]!, '09:00'));
    expect(await lineRuns(mission.id, removed!.id)).toContain('CONTINUED_AS_NEW');

    const amended = await h.api.post(`/api/v1/missions/${mission.id}/amend`, { remove: [removed!.id] });
    expect(amended.status, JSON.stringify(amended.body)).toBe(200);
    const finished = await h.api.post(`/api/v1/missions/${mission.id}/finish`);
    expect(finished.status, JSON.stringify(finished.body)).toBe(200);
    expect(finished.body.status).toBe('finished');

    for (const line of [removed!, kept!]) {
      const runs = await lineRuns(mission.id, line.id);
      expect(runs.filter((status) => status === 'RUNNING'), `line ${line.id}: ${runs.join(', ')}`).toEqual([]);
      expect(runs, `line ${line.id}`).toContain('CANCELLED');
    }
    expect((await h.env.client.workflow.getHandle(missionWorkflowId(mission.id)).describe()).status.name).toBe('COMPLETED');
    const createdBefore = (await occurrencesOfLine(h.database, mission.id, kept!.id)).length;
    await h.skipTo(parisInstant(addDays(endDate, 2), '09:00'));
    expect(await occurrencesOfLine(h.database, mission.id, kept!.id)).toHaveLength(createdBefore);

    await replayEveryHistory(h);
  });
});
