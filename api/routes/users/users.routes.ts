import { createRoute, z } from '@hono/zod-openapi';
import { createSelectSchema } from 'drizzle-zod';
import { serviceTypes, users } from '../../../db/schema/index.ts';
import { userInputSchema, userPatchSchema } from '../../../domain/users/user-input.ts';
import { idParams, idempotencyHeader, jsonBody, jsonResponse, pageOf, paginationQuery, problemResponses } from '../../openapi-schemas.ts';

export const userSchema = createSelectSchema(users, {
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  deactivatedAt: z.iso.datetime().nullable(),
})
  .extend({ firmIds: z.array(z.uuid()), services: z.array(z.enum(serviceTypes)) })
  .openapi('User');

const tags = ['Users'];

export const getMe = createRoute({
  method: 'get',
  path: '/me',
  tags,
  summary: 'The caller’s own account',
  responses: { 200: jsonResponse(userSchema, 'The caller'), 401: problemResponses[401] },
});

export const listUsers = createRoute({
  method: 'get',
  path: '/users',
  tags,
  summary: 'List active staff',
  request: { query: paginationQuery },
  responses: { 200: jsonResponse(pageOf(userSchema, 'UserPage'), 'A page of users'), 400: problemResponses[400], 401: problemResponses[401] },
});

export const getUser = createRoute({
  method: 'get',
  path: '/users/{id}',
  tags,
  summary: 'Read a staff member',
  request: { params: idParams },
  responses: { 200: jsonResponse(userSchema, 'The user'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const createUser = createRoute({
  requires: 'admin',
  method: 'post',
  path: '/users',
  tags,
  summary: 'Add a staff member (admin)',
  request: { headers: idempotencyHeader, body: jsonBody(userInputSchema.openapi('UserInput')) },
  responses: {
    201: jsonResponse(userSchema, 'The created user'),
    400: problemResponses[400],
    401: problemResponses[401],
    403: problemResponses[403],
    409: problemResponses[409],
    422: problemResponses[422],
  },
});

export const updateUser = createRoute({
  requires: 'admin',
  method: 'patch',
  path: '/users/{id}',
  tags,
  summary: 'Change a staff member’s details or access (admin)',
  request: { params: idParams, body: jsonBody(userPatchSchema.openapi('UserPatch')) },
  responses: {
    200: jsonResponse(userSchema, 'The changed user'),
    400: problemResponses[400],
    401: problemResponses[401],
    403: problemResponses[403],
    404: problemResponses[404],
  },
});

export const deactivateUser = createRoute({
  requires: 'admin',
  method: 'delete',
  path: '/users/{id}',
  tags,
  summary: 'Deactivate a staff member and revoke their tokens (admin)',
  request: { params: idParams },
  responses: { 204: { description: 'Deactivated' }, 401: problemResponses[401], 403: problemResponses[403], 404: problemResponses[404], 409: problemResponses[409] },
});

export const createToken = createRoute({
  requires: 'admin',
  method: 'post',
  path: '/users/{id}/tokens',
  tags,
  summary: 'Issue an API token for a staff member (admin); the secret is shown once',
  request: { params: idParams, headers: idempotencyHeader, body: jsonBody(z.object({ name: z.string().trim().min(1).max(100) }).openapi('TokenInput')) },
  responses: {
    201: jsonResponse(z.object({ id: z.uuid(), token: z.string() }).openapi('IssuedToken'), 'The token'),
    400: problemResponses[400],
    401: problemResponses[401],
    403: problemResponses[403],
    404: problemResponses[404],
  },
});
