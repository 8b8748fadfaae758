/**
 * The mission commands as the API sends them to Temporal: starting `mission/<id>` (idempotently),
 * sending it updates, querying it, and turning Temporal's failures back into AppErrors so the
 * HTTP edge answers the same problems (same status, same `reason`) as for any use case.
 */
import { isGrpcServiceError, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { Config } from '../../config.ts';
import type { Caller } from '../../domain/auth/caller.ts';
import { AppError, appErrorStatus, type AppErrorCode, type AppErrorDetails } from '../../domain/errors.ts';
import { closedStatuses, missionWorkflowId } from '../../domain/missions/mission-lifecycle.ts';
import type { MissionView } from '../../domain/missions/mission-view.ts';
import {
  MISSION_WORKFLOW_TYPE,
  missionStateQuery,
  searchAttributeKeys,
  type ActorRef,
  type MissionWorkflowInput,
  type MissionWorkflowState,
} from '../../workflows/mission.contract.ts';
import { startMissionWorkflowAgain } from './reconcile-missions.ts';
import type { TemporalAccess } from './temporal-access.ts';

type MissionWorkflow = (input: MissionWorkflowInput) => Promise<MissionWorkflowState>;

/** What the mission commands need: Temporal, and the overdue delay a new workflow is given. */
export interface MissionCommandDeps {
  temporal?: TemporalAccess | undefined;
  config: Pick<Config, 'MISSION_OVERDUE_AFTER_DAYS'>;
}

/** The caller as the workflow records it. */
export function actorRefOf(caller: Caller): ActorRef {
  return { kind: 'user', userId: caller.userId, label: caller.label };
}

function temporalOf(deps: MissionCommandDeps): TemporalAccess {
  if (!deps.temporal) throw new AppError('unavailable', 'Temporal is not connected: mission workflows cannot be reached', { reason: 'temporal_not_connected' });
  return deps.temporal;
}

/**
 * Starts the mission's workflow unless it already runs (`USE_EXISTING`), and never starts a
 * second one for a mission whose workflow already closed (`REJECT_DUPLICATE`) — except an open
 * mission's: its workflow was lost (terminated, failed, forgotten by the server), and it is started
 * again as boot reconciliation would. Called on creation, before every state query, and when a
 * command finds no running workflow, so a mission whose first start failed gets its workflow later.
 */
export async function ensureMissionWorkflow(deps: MissionCommandDeps, mission: Pick<MissionView, 'id' | 'organisationId' | 'clientId' | 'status'>): Promise<void> {
  const temporal = temporalOf(deps);
  try {
    await temporal.client.workflow.start<MissionWorkflow>(MISSION_WORKFLOW_TYPE, {
      taskQueue: temporal.taskQueue,
      workflowId: missionWorkflowId(mission.id),
      args: [{ missionId: mission.id, organisationId: mission.organisationId, clientId: mission.clientId, overdueAfterDays: deps.config.MISSION_OVERDUE_AFTER_DAYS }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: searchAttributeKeys.organizationId, value: mission.organisationId },
        { key: searchAttributeKeys.clientId, value: mission.clientId },
        { key: searchAttributeKeys.missionStatus, value: mission.status },
      ],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw toAppError(error);
    // Closed already: nothing to start — unless the mission is still open, so its workflow was lost.
    if (closedStatuses.includes(mission.status)) return;
    await startMissionWorkflowAgain({ ...temporal, overdueAfterDays: deps.config.MISSION_OVERDUE_AFTER_DAYS }, mission).catch((restart: unknown) => {
      throw toAppError(restart);
    });
  }
}

/**
 * Sends a command (an update) to the mission's workflow and waits for its answer. `updateId`
 * (from the request's Idempotency-Key) makes a retried request the same update.
 *
 * The update goes first: the workflow almost always runs, and a start request before every
 * command cost a round trip to the server. Only when the server has no running workflow for the
 * mission (never started, or closed: `WorkflowNotFoundError`) is it started, as on creation —
 * or started again if it was lost — and the update sent once more.
 */
export async function sendMissionCommand<Ret, Args extends [unknown, ...unknown[]]>(
  deps: MissionCommandDeps,
  mission: MissionView,
  update: UpdateDefinition<Ret, Args>,
  args: Args,
  updateId?: string,
): Promise<Ret> {
  const handle = temporalOf(deps).client.workflow.getHandle(missionWorkflowId(mission.id));
  const send = () => handle.executeUpdate(update, { args, ...(updateId ? { updateId } : {}) });
  try {
    return await send();
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw toAppError(error);
  }
  await ensureMissionWorkflow(deps, mission);
  try {
    return await send();
  } catch (error) {
    throw toAppError(error);
  }
}

/** Answers the workflow's `state` query (an open mission's workflow started again first if it was lost). */
export async function queryMissionWorkflow(deps: MissionCommandDeps, mission: MissionView): Promise<MissionWorkflowState> {
  if (!closedStatuses.includes(mission.status)) await ensureMissionWorkflow(deps, mission);
  const handle = temporalOf(deps).client.workflow.getHandle(missionWorkflowId(mission.id));
  try {
    return await handle.query(missionStateQuery);
  } catch (error) {
    throw toAppError(error);
  }
}

/** Translates what the Temporal client throws into the application's error. */
export function toAppError(error: unknown): Error {
  if (error instanceof AppError) return error;
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const failure = error.cause;
    const code = failure.type && failure.type in appErrorStatus ? (failure.type as AppErrorCode) : 'conflict';
    const details = (failure.details?.[0] ?? {}) as AppErrorDetails;
    return new AppError(code, failure.message, details);
  }
  if (error instanceof WorkflowUpdateFailedError) {
    return new AppError('unavailable', `The mission workflow could not apply the change: ${error.cause?.message ?? error.message}`, { reason: 'mission_workflow_failed' });
  }
  if (error instanceof WorkflowNotFoundError) {
    return new AppError('conflict', 'The mission’s workflow is closed: the mission is finished or cancelled', { reason: 'mission_workflow_closed' });
  }
  if (isGrpcServiceError(error) && error.code === GrpcStatus.UNAVAILABLE) return new AppError('unavailable', 'Temporal is unreachable; retry later', { reason: 'temporal_unreachable' });
  return error instanceof Error ? error : new Error(String(error));
}
