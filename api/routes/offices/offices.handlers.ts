import type { RouteHandler } from '@hono/zod-openapi';
import { actorOf } from '../../../domain/auth/caller.ts';
import { createOffice } from '../../../domain/offices/create-office.ts';
import { deleteOffice } from '../../../domain/offices/delete-office.ts';
import { findOffice } from '../../../domain/offices/find-office.ts';
import { listOffices } from '../../../domain/offices/list-offices.ts';
import { updateOffice } from '../../../domain/offices/update-office.ts';
import type { AppEnv } from '../../context.ts';
import type * as routes from './offices.routes.ts';

export const list: RouteHandler<typeof routes.listOffices, AppEnv> = async (c) =>
  c.json(await listOffices(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('query')), 200);

export const get: RouteHandler<typeof routes.getOffice, AppEnv> = async (c) =>
  c.json(await findOffice(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id), 200);

export const create: RouteHandler<typeof routes.createOffice, AppEnv> = async (c) => {
  return c.json(await createOffice(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('json')), 201);
};

export const update: RouteHandler<typeof routes.updateOffice, AppEnv> = async (c) => {
  return c.json(await updateOffice(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json')), 200);
};

export const remove: RouteHandler<typeof routes.deleteOffice, AppEnv> = async (c) => {
  await deleteOffice(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id);
  return c.body(null, 204);
};
