import { createRoute, z } from '@hono/zod-openapi';
import { createSelectSchema } from 'drizzle-zod';
import { informationRequestAnswers, informationRequests } from '../../../db/schema/index.ts';
import { informationRequestInputSchema } from '../../../domain/information-requests/information-request-input.ts';
import { idParams, idempotencyHeader, jsonBody, jsonResponse, pageOf, paginationQuery, problemResponses } from '../../openapi-schemas.ts';

export const informationRequestSchema = createSelectSchema(informationRequests, {
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  answeredAt: z.iso.datetime().nullable(),
  closedAt: z.iso.datetime().nullable(),
})
  .extend({ clientName: z.string() })
  .openapi('InformationRequest');

export const answerSchema = createSelectSchema(informationRequestAnswers, {
  createdAt: z.iso.datetime(),
  files: z.array(z.object({ name: z.string(), mediaType: z.string(), size: z.number().int(), sha256: z.string(), storageKey: z.string() })),
})
  .omit({ organisationId: true })
  .extend({ contactName: z.string().nullable() })
  .openapi('InformationRequestAnswer');

export const informationRequestDetailSchema = informationRequestSchema.extend({ answers: z.array(answerSchema) }).openapi('InformationRequestDetail');

const tags = ['Information requests'];

export const listInformationRequests = createRoute({
  method: 'get',
  path: '/information-requests',
  tags,
  summary: 'The requests sent to clients, filtered; soonest due first, undated last',
  request: {
    query: paginationQuery
      .extend({
        clientId: z.uuid().optional(),
        missionId: z.uuid().optional(),
        status: z.enum(['open', 'answered', 'closed']).optional(),
        dueFrom: z.iso.date().optional().openapi({ description: 'Due on or after (YYYY-MM-DD)' }),
        dueTo: z.iso.date().optional().openapi({ description: 'Due on or before (YYYY-MM-DD)' }),
      })
      .refine((query) => !query.dueFrom || !query.dueTo || query.dueFrom <= query.dueTo, { path: ['dueTo'], message: 'must not be before dueFrom' }),
  },
  responses: {
    200: jsonResponse(pageOf(informationRequestSchema, 'InformationRequestPage'), 'A page of information requests'),
    400: problemResponses[400],
    401: problemResponses[401],
  },
});

export const getInformationRequest = createRoute({
  method: 'get',
  path: '/information-requests/{id}',
  tags,
  summary: 'Read a request with the client’s answers',
  request: { params: idParams },
  responses: { 200: jsonResponse(informationRequestDetailSchema, 'The request'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const createInformationRequest = createRoute({
  method: 'post',
  path: '/information-requests',
  tags,
  summary: 'Send a client an information request by hand',
  request: { headers: idempotencyHeader, body: jsonBody(informationRequestInputSchema.openapi('InformationRequestInput')) },
  responses: {
    201: jsonResponse(informationRequestDetailSchema, 'The created request'),
    400: problemResponses[400],
    401: problemResponses[401],
    422: problemResponses[422],
  },
});

export const closeInformationRequest = createRoute({
  method: 'post',
  path: '/information-requests/{id}/close',
  tags,
  summary: 'Close a request: the client can no longer answer it (409 if already closed)',
  request: { params: idParams },
  responses: { 200: jsonResponse(informationRequestDetailSchema, 'The closed request'), 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409] },
});

export const reopenInformationRequest = createRoute({
  method: 'post',
  path: '/information-requests/{id}/reopen',
  tags,
  summary: 'Reopen an answered or closed request (409 if already open)',
  request: { params: idParams },
  responses: { 200: jsonResponse(informationRequestDetailSchema, 'The reopened request'), 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409] },
});

export const downloadAnswerFile = createRoute({
  method: 'get',
  path: '/information-requests/{id}/answers/{answerId}/files/{index}',
  tags,
  summary: 'Download a file a client uploaded with an answer',
  request: {
    params: z.object({
      id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
      answerId: z.uuid().openapi({ param: { name: 'answerId', in: 'path' } }),
      index: z
        .string()
        .regex(/^\d{1,3}$/, 'must be the position of a file in the answer')
        .transform(Number)
        .openapi({ param: { name: 'index', in: 'path' }, type: 'integer' }),
    }),
  },
  responses: {
    200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
    401: problemResponses[401],
    404: problemResponses[404],
  },
});
