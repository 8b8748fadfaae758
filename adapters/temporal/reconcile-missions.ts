/**
 * Boot reconciliation: every mission the database says is open (not finished or cancelled) must
 * have an open `mission/<id>` workflow. One whose workflow is gone — the server lost its state, an
 * operator terminated it, it failed — gets it started again; the mission workflow, started for an
 * already active mission, re-plans its lines from today (see workflows/mission.ts). Works against
 * any Temporal cluster: it only uses DescribeWorkflowExecution and a start that allows a new run
 * under the same id.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { notInArray } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../db/client.ts';
import { missions } from '../../db/schema/index.ts';
import { closedStatuses } from '../../domain/missions/mission-lifecycle.ts';
import { MISSION_WORKFLOW_TYPE, searchAttributeKeys, type MissionWorkflowInput } from '../../workflows/mission.contract.ts';
import { missionWorkflowId } from '../../domain/missions/mission-lifecycle.ts';

export interface ReconcileMissionsDeps {
  db: Db;
  client: Client;
  taskQueue: string;
  overdueAfterDays: number;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Describe/start calls in flight at once (default 8). */
  concurrency?: number;
}

export interface ReconcileMissionsResult {
  /** Open missions looked at. */
  checked: number;
  /** Missions whose workflow was running already. */
  running: number;
  /** Missions whose workflow was started again. */
  restarted: string[];
  /** Missions that could not be checked or restarted (logged). */
  failed: string[];
}

/** Starts the workflow of every open mission that has none running; logs and counts what it did. */
export async function reconcileMissions(deps: ReconcileMissionsDeps): Promise<ReconcileMissionsResult> {
  const open = await deps.db
    .select({ id: missions.id, organisationId: missions.organisationId, clientId: missions.clientId, status: missions.status })
    .from(missions)
    .where(notInArray(missions.status, [...closedStatuses]));
  const result: ReconcileMissionsResult = { checked: open.length, running: 0, restarted: [], failed: [] };
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < open.length) {
      const mission = open[next++]!;
      const workflowId = missionWorkflowId(mission.id);
      try {
        if (await isRunning(deps.client, workflowId)) {
          result.running++;
          continue;
        }
        await startMissionWorkflowAgain(deps, mission);
        result.restarted.push(mission.id);
        deps.logger.warn({ missionId: mission.id, status: mission.status, workflowId }, 'reconciliation: mission workflow was not running; started again');
      } catch (error) {
        result.failed.push(mission.id);
        deps.logger.error({ err: error, missionId: mission.id, workflowId }, 'reconciliation: could not check or restart the mission workflow');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, deps.concurrency ?? 8) }, lane));
  deps.logger.info(
    { checked: result.checked, running: result.running, restarted: result.restarted.length, failed: result.failed.length },
    'reconciliation: mission workflows checked',
  );
  return result;
}

/**
 * Starts `mission/<id>` again for an open mission whose run is closed or unknown to the server: a
 * closed run may be followed by a new one, a run started meanwhile is kept. Boot reconciliation
 * calls it for every such mission; the mission commands call it for the one a request finds lost
 * (adapters/temporal/mission-commands.ts).
 */
export async function startMissionWorkflowAgain(
  deps: Pick<ReconcileMissionsDeps, 'client' | 'taskQueue' | 'overdueAfterDays'>,
  mission: { id: string; organisationId: string; clientId: string; status: string },
): Promise<void> {
  const input: MissionWorkflowInput = {
    missionId: mission.id,
    organisationId: mission.organisationId,
    clientId: mission.clientId,
    overdueAfterDays: deps.overdueAfterDays,
  };
  await deps.client.workflow.start(MISSION_WORKFLOW_TYPE, {
    taskQueue: deps.taskQueue,
    workflowId: missionWorkflowId(mission.id),
    args: [input],
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: [
      { key: searchAttributeKeys.organizationId, value: mission.organisationId },
      { key: searchAttributeKeys.clientId, value: mission.clientId },
      { key: searchAttributeKeys.missionStatus, value: mission.status },
    ],
  });
}

async function isRunning(client: Client, workflowId: string): Promise<boolean> {
  try {
    const description = await client.workflow.getHandle(workflowId).describe();
    return description.status.name === 'RUNNING';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}
