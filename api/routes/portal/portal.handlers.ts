import type { RouteHandler, z } from '@hono/zod-openapi';
import { normaliseMediaType } from '../../../adapters/storage/media-type.ts';
import { answerInformationRequest, type AnswerFileUpload } from '../../../domain/information-requests/answer-information-request.ts';
import { findPortalProfile } from '../../../domain/portal/find-portal-profile.ts';
import { listPortalInformationRequests } from '../../../domain/portal/list-portal-information-requests.ts';
import { listPortalServiceRequests } from '../../../domain/portal/list-portal-service-requests.ts';
import { findPortalInformationRequest } from '../../../domain/portal/portal-information-request-view.ts';
import { requestService } from '../../../domain/portal/request-service.ts';
import { afterClientAnswer } from '../../../web/after-client-answer.ts';
import type { AppEnv } from '../../context.ts';
import type * as routes from './portal.routes.ts';

export const me: RouteHandler<typeof routes.getMe, AppEnv> = async (c) =>
  c.json(await findPortalProfile(c.get('deps').database.db, c.get('portalCaller')), 200);

export const listRequests: RouteHandler<typeof routes.listInformationRequests, AppEnv> = async (c) =>
  c.json(await listPortalInformationRequests(c.get('deps').database.db, c.get('portalCaller'), c.req.valid('query')), 200);

export const getRequest: RouteHandler<typeof routes.getInformationRequest, AppEnv> = async (c) =>
  c.json(await findPortalInformationRequest(c.get('deps').database.db, c.get('portalCaller'), c.req.valid('param').id), 200);

export const answer: RouteHandler<typeof routes.answerInformationRequest, AppEnv> = async (c) => {
  const { database, documentStorage } = c.get('deps');
  const caller = c.get('portalCaller');
  const { id } = c.req.valid('param');
  // Exactly one of the two is filled, according to the Content-Type; the other is {}.
  // The validator checked `form` against answerFormSchema; @hono/zod-openapi types a body with
  // two media types as the union of their schemas, so the multipart shape is restated here.
  const form = c.req.valid('form') as z.output<typeof routes.answerFormSchema>;
  const json = c.req.valid('json');
  const parts = [form['files[]'], form.files].flat().filter((file): file is File => file instanceof File);
  // Browsers send an empty, unnamed part when no file was chosen.
  const chosen = parts.filter((file) => file.size > 0 || file.name !== '');
  // Each file is spooled to disk by the body limit middleware and streamed from there to storage.
  const files: AnswerFileUpload[] = chosen.map((file) => ({ name: file.name, mediaType: normaliseMediaType(file.type), bytes: file }));
  await answerInformationRequest(database.db, documentStorage, caller, id, { text: form.text ?? json.text, files });
  await afterClientAnswer(c.get('deps'), caller, id);
  return c.json(await findPortalInformationRequest(database.db, caller, id), 201);
};

export const createServiceRequest: RouteHandler<typeof routes.createServiceRequest, AppEnv> = async (c) =>
  c.json(await requestService(c.get('deps').database.db, c.get('portalCaller'), c.req.valid('json')), 201);

export const listServiceRequests: RouteHandler<typeof routes.listServiceRequests, AppEnv> = async (c) =>
  c.json(await listPortalServiceRequests(c.get('deps').database.db, c.get('portalCaller'), c.req.valid('query')), 200);
