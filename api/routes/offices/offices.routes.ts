import { createRoute, z } from '@hono/zod-openapi';
import { createSelectSchema } from 'drizzle-zod';
import { offices } from '../../../db/schema/index.ts';
import { officeInputSchema } from '../../../domain/offices/office-input.ts';
import { idParams, idempotencyHeader, jsonBody, jsonResponse, pageOf, paginationQuery, problemResponses } from '../../openapi-schemas.ts';

export const officeSchema = createSelectSchema(offices, { createdAt: z.iso.datetime(), updatedAt: z.iso.datetime() }).openapi('Office');

const tags = ['Offices'];

export const listOffices = createRoute({
  method: 'get',
  path: '/offices',
  tags,
  summary: 'List offices, optionally of one firm',
  request: { query: paginationQuery.extend({ firmId: z.uuid().optional() }) },
  responses: { 200: jsonResponse(pageOf(officeSchema, 'OfficePage'), 'A page of offices'), 400: problemResponses[400], 401: problemResponses[401] },
});

export const getOffice = createRoute({
  method: 'get',
  path: '/offices/{id}',
  tags,
  summary: 'Read an office',
  request: { params: idParams },
  responses: { 200: jsonResponse(officeSchema, 'The office'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const createOffice = createRoute({
  requires: 'admin',
  method: 'post',
  path: '/offices',
  tags,
  summary: 'Create an office (admin)',
  request: { headers: idempotencyHeader, body: jsonBody(officeInputSchema.openapi('OfficeInput')) },
  responses: {
    201: jsonResponse(officeSchema, 'The created office'),
    400: problemResponses[400],
    401: problemResponses[401],
    403: problemResponses[403],
    422: problemResponses[422],
  },
});

export const updateOffice = createRoute({
  requires: 'admin',
  method: 'patch',
  path: '/offices/{id}',
  tags,
  summary: 'Change an office (admin)',
  request: { params: idParams, body: jsonBody(officeInputSchema.partial().openapi('OfficePatch')) },
  responses: {
    200: jsonResponse(officeSchema, 'The changed office'),
    400: problemResponses[400],
    401: problemResponses[401],
    403: problemResponses[403],
    404: problemResponses[404],
  },
});

export const deleteOffice = createRoute({
  requires: 'admin',
  method: 'delete',
  path: '/offices/{id}',
  tags,
  summary: 'Delete an office (admin)',
  request: { params: idParams },
  responses: { 204: { description: 'Deleted' }, 401: problemResponses[401], 403: problemResponses[403], 404: problemResponses[404] },
});
