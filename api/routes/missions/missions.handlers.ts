import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { actorRefOf, ensureMissionWorkflow, queryMissionWorkflow, sendMissionCommand } from '../../../adapters/temporal/mission-commands.ts';
import { actorOf } from '../../../domain/auth/caller.ts';
import { businessDateOf } from '../../../domain/calendar/paris-time.ts';
import { createMission } from '../../../domain/missions/create-mission.ts';
import { forecastMission } from '../../../domain/missions/forecast-mission.ts';
import { listMissions } from '../../../domain/missions/list-missions.ts';
import { closedStatuses, missionCommands, missionConflict, type MissionCommand } from '../../../domain/missions/mission-lifecycle.ts';
import { findMission, type MissionView } from '../../../domain/missions/mission-view.ts';
import { updateMission } from '../../../domain/missions/update-mission.ts';
import { listOccurrences } from '../../../domain/occurrences/list-occurrences.ts';
import { amendUpdate, cancelUpdate, deleteUpdate, finishUpdate, sendForSignatureUpdate, signUpdate, validateUpdate } from '../../../workflows/mission.contract.ts';
import type { AppEnv } from '../../context.ts';
import type * as routes from './missions.routes.ts';

const db = (c: Context<AppEnv>) => c.get('deps').database.db;
const organisationOf = (c: Context<AppEnv>) => c.get('caller').organisationId;

/**
 * The mission a command is for. A closed mission answers from the lifecycle table without
 * bothering its (closed) workflow: `done` when the command already led there (a repeated finish
 * or cancel: answer the mission as it is), else the lifecycle's 409.
 */
async function missionFor(c: Context<AppEnv>, missionId: string, command: MissionCommand): Promise<{ mission: MissionView; done: boolean }> {
  const mission = await findMission(db(c), organisationOf(c), missionId);
  if (!closedStatuses.includes(mission.status)) return { mission, done: false };
  if (mission.status === missionCommands[command].to) return { mission, done: true };
  throw missionConflict(command, mission.status);
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

export const remove: RouteHandler<typeof routes.deleteMission, AppEnv> = async (c) => {
  const { mission } = await missionFor(c, c.req.valid('param').id, 'delete');
  await sendMissionCommand(c.get('deps'), mission, deleteUpdate, [actorRefOf(c.get('caller'))]);
  return c.body(null, 204);
};

export const validate: RouteHandler<typeof routes.validateMission, AppEnv> = async (c) => {
  const { mission } = await missionFor(c, c.req.valid('param').id, 'validate');
  await sendMissionCommand(c.get('deps'), mission, validateUpdate, [actorRefOf(c.get('caller'))], updateIdOf(c, mission.id, 'validate'));
  return c.json(await findMission(db(c), organisationOf(c), mission.id), 200);
};

export const sendForSignature: RouteHandler<typeof routes.sendMissionForSignature, AppEnv> = async (c) => {
  const { mission } = await missionFor(c, c.req.valid('param').id, 'sendForSignature');
  await sendMissionCommand(c.get('deps'), mission, sendForSignatureUpdate, [actorRefOf(c.get('caller'))], updateIdOf(c, mission.id, 'send-for-signature'));
  return c.json(await findMission(db(c), organisationOf(c), mission.id), 200);
};

export const sign: RouteHandler<typeof routes.signMission, AppEnv> = async (c) => {
  const { mission } = await missionFor(c, c.req.valid('param').id, 'sign');
  const signature = c.req.valid('json');
  await sendMissionCommand(c.get('deps'), mission, signUpdate, [{ actor: actorRefOf(c.get('caller')), signature }], updateIdOf(c, mission.id, 'sign'));
  return c.json(await findMission(db(c), organisationOf(c), mission.id), 200);
};

export const amend: RouteHandler<typeof routes.amendMission, AppEnv> = async (c) => {
  const { mission } = await missionFor(c, c.req.valid('param').id, 'amend');
  const outcome = await sendMissionCommand(
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
  const { mission, done } = await missionFor(c, c.req.valid('param').id, 'finish');
  if (done) return c.json(mission, 200);
  await sendMissionCommand(c.get('deps'), mission, finishUpdate, [actorRefOf(c.get('caller'))], updateIdOf(c, mission.id, 'finish'));
  return c.json(await findMission(db(c), organisationOf(c), mission.id), 200);
};

export const cancel: RouteHandler<typeof routes.cancelMission, AppEnv> = async (c) => {
  const { mission, done } = await missionFor(c, c.req.valid('param').id, 'cancel');
  if (done) return c.json(mission, 200);
  await sendMissionCommand(c.get('deps'), mission, cancelUpdate, [actorRefOf(c.get('caller'))], updateIdOf(c, mission.id, 'cancel'));
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
