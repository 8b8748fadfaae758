import type { RouteHandler } from '@hono/zod-openapi';
import { listHistory } from '../../../domain/history/list-history.ts';
import type { AppEnv } from '../../context.ts';
import { createRouter } from '../../create-router.ts';
import * as routes from './history.routes.ts';

const list: RouteHandler<typeof routes.listHistory, AppEnv> = async (c) =>
  c.json(await listHistory(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('query')), 200);

export const historyRouter = createRouter().openapi(routes.listHistory, list);
