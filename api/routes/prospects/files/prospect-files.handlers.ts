import type { RouteHandler } from '@hono/zod-openapi';
import { actorOf } from '../../../../domain/auth/caller.ts';
import { createProspectFile } from '../../../../domain/prospects/files/create-prospect-file.ts';
import { deleteProspectFile } from '../../../../domain/prospects/files/delete-prospect-file.ts';
import { findFile } from '../../../../domain/prospects/files/file-view.ts';
import { listProspectFiles } from '../../../../domain/prospects/files/list-prospect-files.ts';
import { markFileLost } from '../../../../domain/prospects/files/mark-file-lost.ts';
import { markFileSigned } from '../../../../domain/prospects/files/mark-file-signed.ts';
import { updateProspectFile } from '../../../../domain/prospects/files/update-prospect-file.ts';
import type { AppEnv } from '../../../context.ts';
import type * as routes from './prospect-files.routes.ts';

export const list: RouteHandler<typeof routes.listProspectFiles, AppEnv> = async (c) =>
  c.json(await listProspectFiles(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id), 200);

export const create: RouteHandler<typeof routes.createProspectFile, AppEnv> = async (c) =>
  c.json(await createProspectFile(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json')), 201);

export const get: RouteHandler<typeof routes.getProspectFile, AppEnv> = async (c) =>
  c.json(await findFile(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id), 200);

export const update: RouteHandler<typeof routes.updateProspectFile, AppEnv> = async (c) =>
  c.json(await updateProspectFile(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json')), 200);

export const remove: RouteHandler<typeof routes.deleteProspectFile, AppEnv> = async (c) => {
  await deleteProspectFile(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id);
  return c.body(null, 204);
};

export const markSigned: RouteHandler<typeof routes.markFileSigned, AppEnv> = async (c) =>
  c.json(await markFileSigned(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json')), 200);

export const markLost: RouteHandler<typeof routes.markFileLost, AppEnv> = async (c) =>
  c.json(await markFileLost(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json')), 200);
