import { createRoute, z } from '@hono/zod-openapi';
import { createSelectSchema } from 'drizzle-zod';
import { prospectReasons, reasonKinds } from '../../../../db/schema/index.ts';
import { reasonInputSchema } from '../../../../domain/prospects/reasons/reason-input.ts';
import { idParams, idempotencyHeader, jsonBody, jsonResponse, problemResponses } from '../../../openapi-schemas.ts';

export const reasonSchema = createSelectSchema(prospectReasons, {
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  archivedAt: z.iso.datetime().nullable(),
}).openapi('ProspectReason');

const tags = ['Prospect reasons'];

export const listReasons = createRoute({
  method: 'get',
  path: '/prospect-reasons',
  tags,
  summary: 'The organisation’s win and loss reasons (facteurs)',
  request: { query: z.object({ kind: z.enum(reasonKinds).optional(), includeArchived: z.stringbool().optional() }) },
  responses: { 200: jsonResponse(z.array(reasonSchema), 'The reasons'), 400: problemResponses[400], 401: problemResponses[401] },
});

export const createReason = createRoute({
  requires: 'admin',
  method: 'post',
  path: '/prospect-reasons',
  tags,
  summary: 'Add a win or loss reason (admin)',
  request: { headers: idempotencyHeader, body: jsonBody(reasonInputSchema.openapi('ProspectReasonInput')) },
  responses: {
    201: jsonResponse(reasonSchema, 'The created reason'),
    400: problemResponses[400],
    401: problemResponses[401],
    403: problemResponses[403],
    409: problemResponses[409],
    422: problemResponses[422],
  },
});

export const getReason = createRoute({
  method: 'get',
  path: '/prospect-reasons/{id}',
  tags,
  summary: 'Read a reason',
  request: { params: idParams },
  responses: { 200: jsonResponse(reasonSchema, 'The reason'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const updateReason = createRoute({
  requires: 'admin',
  method: 'patch',
  path: '/prospect-reasons/{id}',
  tags,
  summary: 'Rename a reason (admin)',
  request: { params: idParams, body: jsonBody(reasonInputSchema.pick({ label: true }).partial().openapi('ProspectReasonPatch')) },
  responses: {
    200: jsonResponse(reasonSchema, 'The renamed reason'),
    400: problemResponses[400],
    401: problemResponses[401],
    403: problemResponses[403],
    404: problemResponses[404],
    409: problemResponses[409],
  },
});

export const archiveReason = createRoute({
  requires: 'admin',
  method: 'delete',
  path: '/prospect-reasons/{id}',
  tags,
  summary: 'Remove a reason from the choices (archived: files keep it) (admin)',
  request: { params: idParams },
  responses: { 204: { description: 'Archived' }, 401: problemResponses[401], 403: problemResponses[403], 404: problemResponses[404] },
});
