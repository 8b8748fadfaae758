/**
 * An active mission whose workflow was lost (terminated by an operator, failed, or forgotten by
 * the server): the API does not call it "finished or cancelled"; it starts the workflow again —
 * as boot reconciliation does (adapters/temporal/reconcile-missions.ts) — and answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missionWorkflowId } from '../../domain/missions/mission-lifecycle.ts';
import { createSignedMission, vatLine } from '../missions/support/mission-fixtures.ts';
import { startMissionHarness, type MissionHarness } from '../missions/support/mission-harness.ts';

let h: MissionHarness;

beforeAll(async () => {
  h = await startMissionHarness();
});
afterAll(async () => {
  await h?.close();
});

async function loseWorkflow(missionId: string) {
  const handle = h.env.client.workflow.getHandle(missionWorkflowId(missionId));
  await handle.terminate('lost: operator mistake');
  expect((await handle.describe()).status.name).toBe('TERMINATED');
}

describe('an active mission whose workflow was lost', () => {
  it('answers its state from a workflow started again', { timeout: 120_000 }, async () => {
    const mission = await createSignedMission(h, { name: 'Workflow perdu', lines: [vatLine(h)] });
    await loseWorkflow(mission.id);

    const response = await h.admin.get(`/api/v1/missions/${mission.id}/state`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ missionId: mission.id });
    expect((await h.env.client.workflow.getHandle(missionWorkflowId(mission.id)).describe()).status.name).toBe('RUNNING');
  });

  it('applies a command on a workflow started again', { timeout: 120_000 }, async () => {
    const mission = await createSignedMission(h, { name: 'Workflow perdu puis annulé', lines: [vatLine(h)] });
    await loseWorkflow(mission.id);

    const response = await h.admin.post(`/api/v1/missions/${mission.id}/cancel`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.status).toBe('cancelled');
  });
});
