import type { RouteHandler } from '@hono/zod-openapi';
import { forgetUserTokens } from '../../../domain/auth/authenticate-token.ts';
import { actorOf } from '../../../domain/auth/caller.ts';
import { issueApiToken } from '../../../domain/auth/issue-api-token.ts';
import { createUser } from '../../../domain/users/create-user.ts';
import { deactivateUser } from '../../../domain/users/deactivate-user.ts';
import { listUsers } from '../../../domain/users/list-users.ts';
import { updateUser } from '../../../domain/users/update-user.ts';
import { findUser } from '../../../domain/users/user-view.ts';
import type { AppEnv } from '../../context.ts';
import type * as routes from './users.routes.ts';

export const me: RouteHandler<typeof routes.getMe, AppEnv> = async (c) =>
  c.json(await findUser(c.get('deps').database.db, c.get('caller').organisationId, c.get('caller').userId), 200);

export const list: RouteHandler<typeof routes.listUsers, AppEnv> = async (c) =>
  c.json(await listUsers(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('query')), 200);

export const get: RouteHandler<typeof routes.getUser, AppEnv> = async (c) =>
  c.json(await findUser(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id), 200);

export const create: RouteHandler<typeof routes.createUser, AppEnv> = async (c) => {
  return c.json(await createUser(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('json')), 201);
};

// A role or a name changed, or a user deactivated: their tokens' next request reads the database again.
export const update: RouteHandler<typeof routes.updateUser, AppEnv> = async (c) => {
  const db = c.get('deps').database.db;
  const user = await updateUser(db, actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json'));
  forgetUserTokens(db, user.id);
  return c.json(user, 200);
};

export const deactivate: RouteHandler<typeof routes.deactivateUser, AppEnv> = async (c) => {
  const db = c.get('deps').database.db;
  await deactivateUser(db, actorOf(c.get('caller')), c.req.valid('param').id);
  forgetUserTokens(db, c.req.valid('param').id.toLowerCase());
  return c.body(null, 204);
};

export const issueToken: RouteHandler<typeof routes.createToken, AppEnv> = async (c) => {
  const caller = c.get('caller');
  const db = c.get('deps').database.db;
  const user = await findUser(db, caller.organisationId, c.req.valid('param').id);
  return c.json(await issueApiToken(db, { organisationId: caller.organisationId, userId: user.id, name: c.req.valid('json').name }), 201);
};
