import { createRoute, z } from '@hono/zod-openapi';
import { createSelectSchema } from 'drizzle-zod';
import { catalogueServices, serviceItems, serviceTypes } from '../../../db/schema/index.ts';
import { serviceInputSchema, servicePatchSchema } from '../../../domain/catalogue/service-input.ts';
import { idParams, idempotencyHeader, jsonBody, jsonResponse, pageOf, paginationQuery, problemResponses } from '../../openapi-schemas.ts';

export const serviceItemSchema = createSelectSchema(serviceItems, { createdAt: z.iso.datetime() })
  .omit({ organisationId: true, serviceId: true })
  .openapi('ServiceItem');

export const serviceSchema = createSelectSchema(catalogueServices, {
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  archivedAt: z.iso.datetime().nullable(),
})
  .extend({
    items: z.array(serviceItemSchema),
    inUse: z.boolean().openapi({ description: 'A mission line sells it: it can be archived, not deleted' }),
  })
  .openapi('CatalogueService');

const tags = ['Catalogue'];

export const listServices = createRoute({
  method: 'get',
  path: '/catalogue/services',
  tags,
  summary: 'List the catalogue’s services (archived ones only when asked)',
  request: {
    query: paginationQuery.extend({
      categoryId: z.uuid().optional(),
      serviceType: z.enum(serviceTypes).optional(),
      includeArchived: z
        .enum(['true', 'false'])
        .optional()
        .transform((value) => value === 'true'),
    }),
  },
  responses: { 200: jsonResponse(pageOf(serviceSchema, 'CatalogueServicePage'), 'A page of services'), 400: problemResponses[400], 401: problemResponses[401] },
});

export const getService = createRoute({
  method: 'get',
  path: '/catalogue/services/{id}',
  tags,
  summary: 'Read a service with the items each occurrence generates',
  request: { params: idParams },
  responses: { 200: jsonResponse(serviceSchema, 'The service'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const createService = createRoute({
  requires: 'admin',
  method: 'post',
  path: '/catalogue/services',
  tags,
  summary: 'Create a service (admin)',
  request: { headers: idempotencyHeader, body: jsonBody(serviceInputSchema.openapi('CatalogueServiceInput')) },
  responses: {
    201: jsonResponse(serviceSchema, 'The created service'),
    400: problemResponses[400],
    401: problemResponses[401],
    403: problemResponses[403],
    422: problemResponses[422],
  },
});

export const updateService = createRoute({
  requires: 'admin',
  method: 'patch',
  path: '/catalogue/services/{id}',
  tags,
  summary: 'Change a service (admin); `items` replaces the whole list, items sent with their id are kept',
  request: { params: idParams, body: jsonBody(servicePatchSchema.openapi('CatalogueServicePatch')) },
  responses: {
    200: jsonResponse(serviceSchema, 'The changed service'),
    400: problemResponses[400],
    401: problemResponses[401],
    403: problemResponses[403],
    404: problemResponses[404],
    409: problemResponses[409],
  },
});

export const deleteService = createRoute({
  requires: 'admin',
  method: 'delete',
  path: '/catalogue/services/{id}',
  tags,
  summary: 'Delete a service no mission uses (admin); one in use is a 409: archive it',
  request: { params: idParams },
  responses: { 204: { description: 'Deleted' }, 401: problemResponses[401], 403: problemResponses[403], 404: problemResponses[404], 409: problemResponses[409] },
});

export const archiveService = createRoute({
  requires: 'admin',
  method: 'post',
  path: '/catalogue/services/{id}/archive',
  tags,
  summary: 'Archive a service: no longer offered for new missions (admin)',
  request: { params: idParams },
  responses: { 200: jsonResponse(serviceSchema, 'The archived service'), 401: problemResponses[401], 403: problemResponses[403], 404: problemResponses[404] },
});

export const unarchiveService = createRoute({
  requires: 'admin',
  method: 'post',
  path: '/catalogue/services/{id}/unarchive',
  tags,
  summary: 'Offer an archived service again (admin)',
  request: { params: idParams },
  responses: { 200: jsonResponse(serviceSchema, 'The service'), 401: problemResponses[401], 403: problemResponses[403], 404: problemResponses[404] },
});
