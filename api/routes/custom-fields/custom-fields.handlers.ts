import type { RouteHandler } from '@hono/zod-openapi';
import { actorOf } from '../../../domain/auth/caller.ts';
import {
  createCustomField,
  deleteCustomField,
  findCustomField,
  listCustomFields,
  NO_CUSTOM_FIELD_MESSAGE,
  updateCustomField,
} from '../../../domain/custom-fields/custom-fields.ts';
import type { AppEnv } from '../../context.ts';
import type * as routes from './custom-fields.routes.ts';

export const list: RouteHandler<typeof routes.listCustomFieldsRoute, AppEnv> = async (c) => {
  const { missionType, includeArchived } = c.req.valid('query');
  const items = await listCustomFields(c.get('deps').database.db, c.get('caller').organisationId, missionType, { includeArchived });
  return c.json({ items, empty: items.length === 0, message: items.length === 0 ? NO_CUSTOM_FIELD_MESSAGE : null }, 200);
};

export const get: RouteHandler<typeof routes.getCustomFieldRoute, AppEnv> = async (c) =>
  c.json(await findCustomField(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id), 200);

export const create: RouteHandler<typeof routes.createCustomFieldRoute, AppEnv> = async (c) =>
  c.json(await createCustomField(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('json')), 201);

export const update: RouteHandler<typeof routes.updateCustomFieldRoute, AppEnv> = async (c) =>
  c.json(await updateCustomField(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json')), 200);

export const remove: RouteHandler<typeof routes.deleteCustomFieldRoute, AppEnv> = async (c) =>
  c.json(await deleteCustomField(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id), 200);
