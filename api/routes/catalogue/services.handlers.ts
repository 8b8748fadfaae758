import type { RouteHandler } from '@hono/zod-openapi';
import { actorOf } from '../../../domain/auth/caller.ts';
import { archiveService } from '../../../domain/catalogue/archive-service.ts';
import { createService } from '../../../domain/catalogue/create-service.ts';
import { deleteService } from '../../../domain/catalogue/delete-service.ts';
import { listServices } from '../../../domain/catalogue/list-services.ts';
import { findService } from '../../../domain/catalogue/service-view.ts';
import { updateService } from '../../../domain/catalogue/update-service.ts';
import type { AppEnv } from '../../context.ts';
import type * as routes from './services.routes.ts';

export const list: RouteHandler<typeof routes.listServices, AppEnv> = async (c) =>
  c.json(await listServices(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('query')), 200);

export const get: RouteHandler<typeof routes.getService, AppEnv> = async (c) =>
  c.json(await findService(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id), 200);

export const create: RouteHandler<typeof routes.createService, AppEnv> = async (c) => {
  return c.json(await createService(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('json')), 201);
};

export const update: RouteHandler<typeof routes.updateService, AppEnv> = async (c) => {
  return c.json(await updateService(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json')), 200);
};

export const remove: RouteHandler<typeof routes.deleteService, AppEnv> = async (c) => {
  await deleteService(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id);
  return c.body(null, 204);
};

export const archive: RouteHandler<typeof routes.archiveService, AppEnv> = async (c) => {
  return c.json(await archiveService(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id, true), 200);
};

export const unarchive: RouteHandler<typeof routes.unarchiveService, AppEnv> = async (c) => {
  return c.json(await archiveService(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id, false), 200);
};
