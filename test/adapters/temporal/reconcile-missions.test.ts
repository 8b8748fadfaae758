/**
 * Boot reconciliation (adapters/temporal/reconcile-missions.ts): an open mission whose workflow
 * is gone gets it back, on the project's Temporal server with the product's real worker.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileMissions } from '../../../adapters/temporal/reconcile-missions.ts';
import { missionStateQuery } from '../../../workflows/mission.contract.ts';
import { missionWorkflowId } from '../../../domain/missions/mission-lifecycle.ts';
import { createSignedMission, vatLine } from '../../missions/support/mission-fixtures.ts';
import { startMissionHarness, type MissionHarness } from '../../missions/support/mission-harness.ts';

let h: MissionHarness;

beforeAll(async () => {
  h = await startMissionHarness();
});
afterAll(async () => {
  await h?.close();
});

const reconcile = () =>
  reconcileMissions({ db: h.database.db, client: h.env.client, taskQueue: h.taskQueue, overdueAfterDays: 15, logger: pino({ level: 'silent' }) });

describe('boot reconciliation of mission workflows', () => {
  it('starts the workflow of an active mission again after an operator terminated it, and leaves running ones alone', { timeout: 120_000 }, async () => {
    const terminated = await createSignedMission(h, { name: 'Terminée par un opérateur', lines: [vatLine(h)] });
    const untouched = await createSignedMission(h, { name: 'Toujours en cours', lines: [vatLine(h)] });
    const handle = h.env.client.workflow.getHandle(missionWorkflowId(terminated.id));
    await handle.terminate('operator mistake');
    expect((await handle.describe()).status.name).toBe('TERMINATED');

    const first = await reconcile();
    expect(first.restarted).toEqual([terminated.id]);
    expect(first.failed).toEqual([]);
    expect(first.running).toBeGreaterThanOrEqual(1);

    const again = h.env.client.workflow.getHandle(missionWorkflowId(terminated.id));
    expect((await again.describe()).status.name).toBe('RUNNING');
    // The new run loads the mission from the database and re-plans it.
    let status = (await again.query(missionStateQuery)).status;
    for (let i = 0; i < 100 && status !== 'active'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await again.query(missionStateQuery)).status;
    }
    expect(status).toBe('active');
    expect((await h.env.client.workflow.getHandle(missionWorkflowId(untouched.id)).describe()).status.name).toBe('RUNNING');

    // Nothing left to do on the next boot.
    const second = await reconcile();
    expect(second.restarted).toEqual([]);
    expect(second.running).toBe(second.checked);
  });
});
