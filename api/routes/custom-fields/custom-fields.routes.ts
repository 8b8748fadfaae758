import { createRoute, z } from '@hono/zod-openapi';
import { createSelectSchema } from 'drizzle-zod';
import { customFieldKinds, customFields, serviceTypes } from '../../../db/schema/index.ts';
import { idParams, jsonBody, jsonResponse, problemResponses } from '../../openapi-schemas.ts';

const tags = ['Custom fields'];
const instant = z.iso.datetime();

export const customFieldSchema = createSelectSchema(customFields, {
  createdAt: instant,
  updatedAt: instant,
  archivedAt: instant.nullable(),
  options: z.array(z.string()),
}).openapi('CustomField');

export const customFieldInputSchema = z
  .object({
    missionType: z.enum(serviceTypes),
    key: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'lettres minuscules, chiffres et _ ; commence par une lettre')
      .openapi({ description: 'Printed in letters as {{ custom.<key> }}', example: 'date_cloture' }),
    label: z.string().trim().min(1).max(120),
    kind: z.enum(customFieldKinds),
    required: z.boolean().default(false),
    position: z.number().int().min(1).optional(),
    options: z.array(z.string().trim().min(1).max(120)).max(50).default([]),
  })
  .openapi('CustomFieldInput');

export const customFieldPatchSchema = z
  .object({
    label: z.string().trim().min(1).max(120).optional(),
    required: z.boolean().optional(),
    position: z.number().int().min(1).optional(),
    options: z.array(z.string().trim().min(1).max(120)).max(50).optional(),
  })
  .openapi('CustomFieldPatch');

const listQuery = z.object({
  missionType: z.enum(serviceTypes).openapi({ param: { name: 'missionType', in: 'query' } }),
  includeArchived: z.stringbool().default(false).openapi({ param: { name: 'includeArchived', in: 'query' } }),
});

export const listCustomFieldsRoute = createRoute({
  requires: 'admin',
  method: 'get',
  path: '/custom-fields',
  tags,
  summary: 'The custom fields of a mission type, in order (admin); an explicit message when there is none',
  request: { query: listQuery },
  responses: {
    200: jsonResponse(z.object({ items: z.array(customFieldSchema), empty: z.boolean(), message: z.string().nullable() }).openapi('CustomFieldList'), 'The summary list'),
    400: problemResponses[400],
    401: problemResponses[401],
    403: problemResponses[403],
  },
});

export const getCustomFieldRoute = createRoute({
  requires: 'admin',
  method: 'get',
  path: '/custom-fields/{id}',
  tags,
  summary: 'Read a custom field (admin)',
  request: { params: idParams },
  responses: { 200: jsonResponse(customFieldSchema, 'The field'), 401: problemResponses[401], 403: problemResponses[403], 404: problemResponses[404] },
});

export const createCustomFieldRoute = createRoute({
  requires: 'admin',
  method: 'post',
  path: '/custom-fields',
  tags,
  summary: 'Define a custom field for a mission type (admin)',
  request: { body: jsonBody(customFieldInputSchema) },
  responses: {
    201: jsonResponse(customFieldSchema, 'The field'),
    400: problemResponses[400],
    401: problemResponses[401],
    403: problemResponses[403],
    409: problemResponses[409],
  },
});

export const updateCustomFieldRoute = createRoute({
  requires: 'admin',
  method: 'patch',
  path: '/custom-fields/{id}',
  tags,
  summary: 'Change a field’s label, requirement, order or choices (admin)',
  request: { params: idParams, body: jsonBody(customFieldPatchSchema) },
  responses: { 200: jsonResponse(customFieldSchema, 'The field'), 400: problemResponses[400], 401: problemResponses[401], 403: problemResponses[403], 404: problemResponses[404] },
});

export const deleteCustomFieldRoute = createRoute({
  requires: 'admin',
  method: 'delete',
  path: '/custom-fields/{id}',
  tags,
  summary: 'Delete a field, or archive it once a letter holds a value for it (admin)',
  request: { params: idParams },
  responses: {
    200: jsonResponse(z.object({ outcome: z.enum(['deleted', 'archived']), field: customFieldSchema }).openapi('CustomFieldRemoval'), 'What happened'),
    401: problemResponses[401],
    403: problemResponses[403],
    404: problemResponses[404],
  },
});
