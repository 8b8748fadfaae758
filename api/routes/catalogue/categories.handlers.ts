import type { RouteHandler } from '@hono/zod-openapi';
import { actorOf } from '../../../domain/auth/caller.ts';
import { createCategory } from '../../../domain/catalogue/create-category.ts';
import { deleteCategory } from '../../../domain/catalogue/delete-category.ts';
import { findCategory } from '../../../domain/catalogue/find-category.ts';
import { listCategories } from '../../../domain/catalogue/list-categories.ts';
import { updateCategory } from '../../../domain/catalogue/update-category.ts';
import type { AppEnv } from '../../context.ts';
import type * as routes from './categories.routes.ts';

export const list: RouteHandler<typeof routes.listCategories, AppEnv> = async (c) =>
  c.json(await listCategories(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('query')), 200);

export const get: RouteHandler<typeof routes.getCategory, AppEnv> = async (c) =>
  c.json(await findCategory(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id), 200);

export const create: RouteHandler<typeof routes.createCategory, AppEnv> = async (c) => {
  return c.json(await createCategory(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('json')), 201);
};

export const update: RouteHandler<typeof routes.updateCategory, AppEnv> = async (c) => {
  return c.json(await updateCategory(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json')), 200);
};

export const remove: RouteHandler<typeof routes.deleteCategory, AppEnv> = async (c) => {
  await deleteCategory(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id);
  return c.body(null, 204);
};
