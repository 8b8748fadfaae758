import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { actorOf } from '../../../domain/auth/caller.ts';
import { AppError } from '../../../domain/errors.ts';
import { businessDateOf } from '../../../domain/missions/business-date.ts';
import { createMission } from '../../../domain/missions/create-mission.ts';
import { forecastMission } from '../../../domain/missions/forecast-mission.ts';
import { listMissions } from '../../../domain/missions/list-missions.ts';
import { closedStatuses } from '../../../domain/missions/mission-status.ts';
import { findMission, type MissionView } from '../../../domain/missions/mission-view.ts';
import { updateMission } from '../../../domain/missions/update-mission.ts';
import { listOccurrences } from '../../../domain/occurrences/list-occurrences.ts';
import { amendUpdate, cancelUpdate, finishUpdate, sendForSignatureUpdate, signUpdate, validateUpdate } from '../../../workflows/mission.contract.ts';
import type { AppEnv } from '../../context.ts';
import { actorRefOf, ensureMissionWorkflow, queryMissionWorkflow, updateMissionWorkflow } from './mission-workflow.ts';
import type * as routes from './missions.routes.ts';

const db = (c: Context<AppEnv>) => c.get('deps').database.db;
const organisationOf = (c: Context<AppEnv>) => c.get('caller').organisationId;

/** The mission, refusing commands on a closed one before bothering its (closed) workflow. */
async function openMission(c: Context<AppEnv>, missionId: string, action: string): Promise<MissionView> {
  const mission = await findMission(db(c), organisationOf(c), missionId);
  if (closedStatuses.includes(mission.status)) throw new AppError('conflict', `The mission is ${mission.status}; it cannot be ${action}`, { status: mission.status });
  return mission;
}

/** The update id a request's Idempotency-Key stands for (scoped by organisation and mission). */
function updateIdOf(c: Context<AppEnv>, missionId: string, action: string): string | undefined {
  const key = c.req.header('Idempotency-Key');
  return key ? `${action}/${organisationOf(c)}/${missionId}/${key}` : undefined;
}

/** Today on the service's clock: the dev server's when it drives time, the wall clock otherwise. */
async function today(c: Context<AppEnv>): Promise<string> {
  const devClock = c.get('deps').devClock;
  return businessDateOf(devClock ? await devClock.now() : Date.now());
}

export const list: RouteHandler<typeof routes.listMissions, AppEnv> = async (c) => c.json(await listMissions(db(c), organisationOf(c), c.req.valid('query')), 200);

export const get: RouteHandler<typeof routes.getMission, AppEnv> = async (c) => c.json(await findMission(db(c), organisationOf(c), c.req.valid('param').id), 200);

export const create: RouteHandler<typeof routes.createMission, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const mission = await createMission(db(c), actorOf(c.get('caller')), c.req.valid('json'));
  // The mission is committed first; its workflow is started right after. Should that fail, the
  // next command on the mission starts it (ensureMissionWorkflow), and a draft loses nothing.
  if (deps.temporal) {
    await ensureMissionWorkflow(deps, mission).catch((error: unknown) => deps.logger.warn({ err: error, missionId: mission.id }, 'mission workflow not started yet'));
  }
  return c.json(mission, 201);
};

export const update: RouteHandler<typeof routes.updateMission, AppEnv> = async (c) =>
  c.json(await updateMission(db(c), actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json')), 200);

export const validate: RouteHandler<typeof routes.validateMission, AppEnv> = async (c) => {
  const mission = await openMission(c, c.req.valid('param').id, 'validated');
  await updateMissionWorkflow(c.get('deps'), mission, validateUpdate, [actorRefOf(c.get('caller'))], updateIdOf(c, mission.id, 'validate'));
  return c.json(await findMission(db(c), organisationOf(c), mission.id), 200);
};

export const sendForSignature: RouteHandler<typeof routes.sendMissionForSignature, AppEnv> = async (c) => {
  const mission = await openMission(c, c.req.valid('param').id, 'sent for signature');
  await updateMissionWorkflow(c.get('deps'), mission, sendForSignatureUpdate, [actorRefOf(c.get('caller'))], updateIdOf(c, mission.id, 'send-for-signature'));
  return c.json(await findMission(db(c), organisationOf(c), mission.id), 200);
};

export const sign: RouteHandler<typeof routes.signMission, AppEnv> = async (c) => {
  const mission = await openMission(c, c.req.valid('param').id, 'signed');
  const signature = c.req.valid('json');
  await updateMissionWorkflow(c.get('deps'), mission, signUpdate, [{ actor: actorRefOf(c.get('caller')), signature }], updateIdOf(c, mission.id, 'sign'));
  return c.json(await findMission(db(c), organisationOf(c), mission.id), 200);
};

export const amend: RouteHandler<typeof routes.amendMission, AppEnv> = async (c) => {
  const mission = await openMission(c, c.req.valid('param').id, 'amended');
  const outcome = await updateMissionWorkflow(
    c.get('deps'),
    mission,
    amendUpdate,
    [{ actor: actorRefOf(c.get('caller')), amendment: c.req.valid('json') }],
    updateIdOf(c, mission.id, 'amend'),
  );
  const { state: _state, ...replanned } = outcome;
  return c.json({ mission: await findMission(db(c), organisationOf(c), mission.id), ...replanned }, 200);
};

export const finish: RouteHandler<typeof routes.finishMission, AppEnv> = async (c) => {
  const mission = await findMission(db(c), organisationOf(c), c.req.valid('param').id);
  if (mission.status === 'finished') return c.json(mission, 200);
  if (mission.status === 'cancelled') throw new AppError('conflict', 'The mission is cancelled; it cannot be finished', { status: mission.status });
  await updateMissionWorkflow(c.get('deps'), mission, finishUpdate, [actorRefOf(c.get('caller'))], updateIdOf(c, mission.id, 'finish'));
  return c.json(await findMission(db(c), organisationOf(c), mission.id), 200);
};

export const cancel: RouteHandler<typeof routes.cancelMission, AppEnv> = async (c) => {
  const mission = await findMission(db(c), organisationOf(c), c.req.valid('param').id);
  if (mission.status === 'cancelled') return c.json(mission, 200);
  if (mission.status === 'finished') throw new AppError('conflict', 'The mission is finished; it cannot be cancelled', { status: mission.status });
  await updateMissionWorkflow(c.get('deps'), mission, cancelUpdate, [actorRefOf(c.get('caller'))], updateIdOf(c, mission.id, 'cancel'));
  return c.json(await findMission(db(c), organisationOf(c), mission.id), 200);
};

export const state: RouteHandler<typeof routes.getMissionState, AppEnv> = async (c) => {
  const mission = await findMission(db(c), organisationOf(c), c.req.valid('param').id);
  return c.json(await queryMissionWorkflow(c.get('deps'), mission), 200);
};

export const forecast: RouteHandler<typeof routes.getMissionForecast, AppEnv> = async (c) => {
  const { until, signedOn } = c.req.valid('query');
  return c.json(await forecastMission(db(c), organisationOf(c), c.req.valid('param').id, { until, signedOn, today: await today(c) }), 200);
};

export const occurrences: RouteHandler<typeof routes.listMissionOccurrences, AppEnv> = async (c) =>
  c.json(await listOccurrences(db(c), organisationOf(c), c.req.valid('param').id, c.req.valid('query')), 200);
