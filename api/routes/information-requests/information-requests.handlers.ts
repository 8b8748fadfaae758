import type { RouteHandler } from '@hono/zod-openapi';
import { actorOf } from '../../../domain/auth/caller.ts';
import { AppError } from '../../../domain/errors.ts';
import { closeInformationRequest } from '../../../domain/information-requests/close-information-request.ts';
import { createInformationRequest } from '../../../domain/information-requests/create-information-request.ts';
import { findInformationRequestDetail } from '../../../domain/information-requests/information-request-view.ts';
import { listInformationRequests } from '../../../domain/information-requests/list-information-requests.ts';
import { openAnswerFile } from '../../../domain/information-requests/open-answer-file.ts';
import { reopenInformationRequest } from '../../../domain/information-requests/reopen-information-request.ts';
import type { AppEnv } from '../../context.ts';
import { fileResponse } from '../../file-response.ts';
import type * as routes from './information-requests.routes.ts';

export const list: RouteHandler<typeof routes.listInformationRequests, AppEnv> = async (c) =>
  c.json(await listInformationRequests(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('query')), 200);

export const get: RouteHandler<typeof routes.getInformationRequest, AppEnv> = async (c) =>
  c.json(await findInformationRequestDetail(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id), 200);

export const create: RouteHandler<typeof routes.createInformationRequest, AppEnv> = async (c) =>
  c.json(await createInformationRequest(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('json')), 201);

export const close: RouteHandler<typeof routes.closeInformationRequest, AppEnv> = async (c) =>
  c.json(await closeInformationRequest(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id), 200);

export const reopen: RouteHandler<typeof routes.reopenInformationRequest, AppEnv> = async (c) =>
  c.json(await reopenInformationRequest(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id), 200);

export const download: RouteHandler<typeof routes.downloadAnswerFile, AppEnv> = async (c) => {
  const { database, documentStorage } = c.get('deps');
  if (!documentStorage) throw new AppError('unavailable', 'Document storage is not configured');
  const { id, answerId, index } = c.req.valid('param');
  const file = await openAnswerFile(database.db, documentStorage, { organisationId: c.get('caller').organisationId }, { requestId: id, answerId, index });
  return fileResponse(c, { name: file.name, mediaType: file.mediaType, size: file.size }, file.stream) as never;
};
