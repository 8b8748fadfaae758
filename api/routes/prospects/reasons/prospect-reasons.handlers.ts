import type { RouteHandler } from '@hono/zod-openapi';
import { actorOf } from '../../../../domain/auth/caller.ts';
import { archiveReason } from '../../../../domain/prospects/reasons/archive-reason.ts';
import { createReason } from '../../../../domain/prospects/reasons/create-reason.ts';
import { listReasons } from '../../../../domain/prospects/reasons/list-reasons.ts';
import { findReason } from '../../../../domain/prospects/reasons/reason-view.ts';
import { updateReason } from '../../../../domain/prospects/reasons/update-reason.ts';
import type { AppEnv } from '../../../context.ts';
import type * as routes from './prospect-reasons.routes.ts';

export const list: RouteHandler<typeof routes.listReasons, AppEnv> = async (c) =>
  c.json(await listReasons(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('query')), 200);

export const get: RouteHandler<typeof routes.getReason, AppEnv> = async (c) =>
  c.json(await findReason(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id), 200);

export const create: RouteHandler<typeof routes.createReason, AppEnv> = async (c) => {
  return c.json(await createReason(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('json')), 201);
};

export const update: RouteHandler<typeof routes.updateReason, AppEnv> = async (c) => {
  return c.json(await updateReason(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json')), 200);
};

export const remove: RouteHandler<typeof routes.archiveReason, AppEnv> = async (c) => {
  await archiveReason(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id);
  return c.body(null, 204);
};
