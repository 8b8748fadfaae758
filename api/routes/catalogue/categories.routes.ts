import { createRoute, z } from '@hono/zod-openapi';
import { createSelectSchema } from 'drizzle-zod';
import { serviceCategories } from '../../../db/schema/index.ts';
import { categoryInputSchema } from '../../../domain/catalogue/category-input.ts';
import { idParams, idempotencyHeader, jsonBody, jsonResponse, pageOf, paginationQuery, problemResponses } from '../../openapi-schemas.ts';

export const categorySchema = createSelectSchema(serviceCategories, {
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
}).openapi('ServiceCategory');

const tags = ['Catalogue'];

export const listCategories = createRoute({
  method: 'get',
  path: '/catalogue/categories',
  tags,
  summary: 'List the catalogue’s categories',
  request: { query: paginationQuery },
  responses: { 200: jsonResponse(pageOf(categorySchema, 'ServiceCategoryPage'), 'A page of categories'), 400: problemResponses[400], 401: problemResponses[401] },
});

export const getCategory = createRoute({
  method: 'get',
  path: '/catalogue/categories/{id}',
  tags,
  summary: 'Read a category',
  request: { params: idParams },
  responses: { 200: jsonResponse(categorySchema, 'The category'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const createCategory = createRoute({
  requires: 'admin',
  method: 'post',
  path: '/catalogue/categories',
  tags,
  summary: 'Create a category (admin)',
  request: { headers: idempotencyHeader, body: jsonBody(categoryInputSchema.openapi('ServiceCategoryInput')) },
  responses: {
    201: jsonResponse(categorySchema, 'The created category'),
    400: problemResponses[400],
    401: problemResponses[401],
    403: problemResponses[403],
    422: problemResponses[422],
  },
});

export const updateCategory = createRoute({
  requires: 'admin',
  method: 'patch',
  path: '/catalogue/categories/{id}',
  tags,
  summary: 'Rename a category (admin)',
  request: { params: idParams, body: jsonBody(categoryInputSchema.partial().openapi('ServiceCategoryPatch')) },
  responses: {
    200: jsonResponse(categorySchema, 'The changed category'),
    400: problemResponses[400],
    401: problemResponses[401],
    403: problemResponses[403],
    404: problemResponses[404],
  },
});

export const deleteCategory = createRoute({
  requires: 'admin',
  method: 'delete',
  path: '/catalogue/categories/{id}',
  tags,
  summary: 'Delete a category that holds no services (admin)',
  request: { params: idParams },
  responses: { 204: { description: 'Deleted' }, 401: problemResponses[401], 403: problemResponses[403], 404: problemResponses[404], 409: problemResponses[409] },
});
