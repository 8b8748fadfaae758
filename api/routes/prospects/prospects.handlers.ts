import type { RouteHandler } from '@hono/zod-openapi';
import { actorOf } from '../../../domain/auth/caller.ts';
import { createProspect } from '../../../domain/prospects/create-prospect.ts';
import { exportProspects } from '../../../domain/prospects/export-prospects.ts';
import { listProspectHistory } from '../../../domain/prospects/list-prospect-history.ts';
import { findProspect } from '../../../domain/prospects/prospect-view.ts';
import { businessDateOf } from '../../../domain/calendar/paris-time.ts';
import { searchProspects } from '../../../domain/prospects/search-prospects.ts';
import { updateProspect } from '../../../domain/prospects/update-prospect.ts';
import type { AppEnv } from '../../context.ts';
import { streamedFileResponse } from '../../file-response.ts';
import type * as routes from './prospects.routes.ts';

export const search: RouteHandler<typeof routes.searchProspects, AppEnv> = async (c) =>
  c.json(await searchProspects(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('query')), 200);

export const exportXlsx: RouteHandler<typeof routes.exportProspects, AppEnv> = async (c) => {
  const { database } = c.get('deps');
  const file = { name: `prospects-${businessDateOf(new Date())}.xlsx`, mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
  return (await streamedFileResponse(c, file, (output) => exportProspects(database.db, c.get('caller').organisationId, c.req.valid('query'), output))) as never;
};

export const get: RouteHandler<typeof routes.getProspect, AppEnv> = async (c) =>
  c.json(await findProspect(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id), 200);

export const create: RouteHandler<typeof routes.createProspect, AppEnv> = async (c) =>
  c.json(await createProspect(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('json')), 201);

export const update: RouteHandler<typeof routes.updateProspect, AppEnv> = async (c) =>
  c.json(await updateProspect(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json')), 200);

export const history: RouteHandler<typeof routes.getProspectHistory, AppEnv> = async (c) =>
  c.json(await listProspectHistory(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id, c.req.valid('query')), 200);
