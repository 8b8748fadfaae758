import { createRoute, z } from '@hono/zod-openapi';
import { createSelectSchema } from 'drizzle-zod';
import { firms, serviceTypes } from '../../../db/schema/index.ts';
import { firmInputSchema, firmPatchSchema } from '../../../domain/firms/firm-input.ts';
import { idParams, idempotencyHeader, jsonBody, jsonResponse, pageOf, paginationQuery, problemResponses } from '../../openapi-schemas.ts';

export const firmSchema = createSelectSchema(firms, {
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
})
  .extend({ services: z.array(z.enum(serviceTypes)) })
  .openapi('Firm');

const tags = ['Firms'];

export const listFirms = createRoute({
  method: 'get',
  path: '/firms',
  tags,
  summary: 'List the organisation’s firms',
  request: { query: paginationQuery },
  responses: { 200: jsonResponse(pageOf(firmSchema, 'FirmPage'), 'A page of firms'), 400: problemResponses[400], 401: problemResponses[401] },
});

export const getFirm = createRoute({
  method: 'get',
  path: '/firms/{id}',
  tags,
  summary: 'Read a firm',
  request: { params: idParams },
  responses: { 200: jsonResponse(firmSchema, 'The firm'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const createFirm = createRoute({
  requires: 'admin',
  method: 'post',
  path: '/firms',
  tags,
  summary: 'Create a firm (admin)',
  request: { headers: idempotencyHeader, body: jsonBody(firmInputSchema.openapi('FirmInput')) },
  responses: {
    201: jsonResponse(firmSchema, 'The created firm'),
    400: problemResponses[400],
    401: problemResponses[401],
    403: problemResponses[403],
    422: problemResponses[422],
  },
});

export const updateFirm = createRoute({
  requires: 'admin',
  method: 'patch',
  path: '/firms/{id}',
  tags,
  summary: 'Change a firm (admin)',
  request: { params: idParams, body: jsonBody(firmPatchSchema.openapi('FirmPatch')) },
  responses: {
    200: jsonResponse(firmSchema, 'The changed firm'),
    400: problemResponses[400],
    401: problemResponses[401],
    403: problemResponses[403],
    404: problemResponses[404],
  },
});

export const deleteFirm = createRoute({
  requires: 'admin',
  method: 'delete',
  path: '/firms/{id}',
  tags,
  summary: 'Delete a firm without offices (admin)',
  request: { params: idParams },
  responses: {
    204: { description: 'Deleted' },
    401: problemResponses[401],
    403: problemResponses[403],
    404: problemResponses[404],
    409: problemResponses[409],
  },
});
