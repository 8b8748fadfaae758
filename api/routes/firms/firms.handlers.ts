import type { RouteHandler } from '@hono/zod-openapi';
import { actorOf } from '../../../domain/auth/caller.ts';
import { createFirm } from '../../../domain/firms/create-firm.ts';
import { deleteFirm } from '../../../domain/firms/delete-firm.ts';
import { findFirm } from '../../../domain/firms/firm-view.ts';
import { listFirms } from '../../../domain/firms/list-firms.ts';
import { updateFirm } from '../../../domain/firms/update-firm.ts';
import type { AppEnv } from '../../context.ts';
import type * as routes from './firms.routes.ts';


export const list: RouteHandler<typeof routes.listFirms, AppEnv> = async (c) => {
  const page = await listFirms(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('query'));
  return c.json(page, 200);
};

export const get: RouteHandler<typeof routes.getFirm, AppEnv> = async (c) => {
  const firm = await findFirm(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id);
  return c.json(firm, 200);
};

export const create: RouteHandler<typeof routes.createFirm, AppEnv> = async (c) => {
  const firm = await createFirm(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('json'));
  return c.json(firm, 201);
};

export const update: RouteHandler<typeof routes.updateFirm, AppEnv> = async (c) => {
  const firm = await updateFirm(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json'));
  return c.json(firm, 200);
};

export const remove: RouteHandler<typeof routes.deleteFirm, AppEnv> = async (c) => {
  await deleteFirm(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id);
  return c.body(null, 204);
};
