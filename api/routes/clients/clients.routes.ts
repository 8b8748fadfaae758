import { createRoute, z } from '@hono/zod-openapi';
import { createSelectSchema } from 'drizzle-zod';
import { clientContacts, clients } from '../../../db/schema/index.ts';
import { clientContactInputSchema, clientContactPatchSchema, clientInputSchema, clientPatchSchema } from '../../../domain/clients/client-input.ts';
import { idParams, idempotencyHeader, jsonBody, jsonResponse, pageOf, paginationQuery, problemResponses } from '../../openapi-schemas.ts';

export const clientContactSchema = createSelectSchema(clientContacts, { createdAt: z.iso.datetime(), updatedAt: z.iso.datetime() })
  .omit({ portalTokenHash: true })
  .extend({ hasPortalAccess: z.boolean().openapi({ description: 'A portal token was issued and not revoked' }) })
  .openapi('ClientContact');

export const clientSchema = createSelectSchema(clients, { createdAt: z.iso.datetime(), updatedAt: z.iso.datetime() })
  .extend({ contacts: z.array(clientContactSchema) })
  .openapi('Client');

const contactParams = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
  contactId: z.uuid().openapi({ param: { name: 'contactId', in: 'path' } }),
});

const tags = ['Clients'];

export const listClients = createRoute({
  method: 'get',
  path: '/clients',
  tags,
  summary: 'List clients by name, optionally searched',
  request: {
    query: paginationQuery.extend({
      search: z.string().trim().min(1).max(200).optional().openapi({ description: 'Part of the name, case-insensitive' }),
      kind: z.enum(['company', 'individual']).optional(),
      firmId: z.uuid().optional(),
      holderUserId: z.uuid().optional(),
    }),
  },
  responses: { 200: jsonResponse(pageOf(clientSchema, 'ClientPage'), 'A page of clients'), 400: problemResponses[400], 401: problemResponses[401] },
});

export const getClient = createRoute({
  method: 'get',
  path: '/clients/{id}',
  tags,
  summary: 'Read a client with its contacts',
  request: { params: idParams },
  responses: { 200: jsonResponse(clientSchema, 'The client'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const createClient = createRoute({
  method: 'post',
  path: '/clients',
  tags,
  summary: 'Create a client with its contacts (the first, or the one marked, is preferred)',
  request: { headers: idempotencyHeader, body: jsonBody(clientInputSchema.openapi('ClientInput')) },
  responses: {
    201: jsonResponse(clientSchema, 'The created client'),
    400: problemResponses[400],
    401: problemResponses[401],
    409: problemResponses[409],
    422: problemResponses[422],
  },
});

export const updateClient = createRoute({
  method: 'patch',
  path: '/clients/{id}',
  tags,
  summary: 'Change a client’s record (contacts have their own endpoints)',
  request: { params: idParams, body: jsonBody(clientPatchSchema.openapi('ClientPatch')) },
  responses: { 200: jsonResponse(clientSchema, 'The changed client'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404] },
});

export const deleteClient = createRoute({
  method: 'delete',
  path: '/clients/{id}',
  tags,
  summary: 'Delete a client entered by mistake; one with missions, tasks or requests is a 409',
  request: { params: idParams },
  responses: { 204: { description: 'Deleted' }, 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409] },
});

export const addContact = createRoute({
  method: 'post',
  path: '/clients/{id}/contacts',
  tags,
  summary: 'Add a contact; marking it preferred takes the flag from the previous one',
  request: { params: idParams, headers: idempotencyHeader, body: jsonBody(clientContactInputSchema.openapi('ClientContactInput')) },
  responses: { 201: jsonResponse(clientContactSchema, 'The created contact'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404] },
});

export const getContact = createRoute({
  method: 'get',
  path: '/clients/{id}/contacts/{contactId}',
  tags,
  summary: 'Read a contact',
  request: { params: contactParams },
  responses: { 200: jsonResponse(clientContactSchema, 'The contact'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const updateContact = createRoute({
  method: 'patch',
  path: '/clients/{id}/contacts/{contactId}',
  tags,
  summary: 'Change a contact; un-marking the preferred contact is a 409 (mark another instead)',
  request: { params: contactParams, body: jsonBody(clientContactPatchSchema.openapi('ClientContactPatch')) },
  responses: {
    200: jsonResponse(clientContactSchema, 'The changed contact'),
    400: problemResponses[400],
    401: problemResponses[401],
    404: problemResponses[404],
    409: problemResponses[409],
  },
});

export const deleteContact = createRoute({
  method: 'delete',
  path: '/clients/{id}/contacts/{contactId}',
  tags,
  summary: 'Remove a contact; the oldest remaining one becomes preferred if needed',
  request: { params: contactParams },
  responses: { 204: { description: 'Deleted' }, 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409] },
});

export const issuePortalToken = createRoute({
  method: 'post',
  path: '/clients/{id}/contacts/{contactId}/portal-token',
  tags,
  summary: 'Give a contact access to the client portal; the token is shown once, issuing again rotates it',
  request: { params: contactParams },
  responses: {
    201: jsonResponse(
      z.object({ contactId: z.uuid(), token: z.string(), portalUrl: z.url() }).openapi('IssuedPortalToken'),
      'The token and the portal link to send to the contact',
    ),
    401: problemResponses[401],
    404: problemResponses[404],
  },
});

export const revokePortalToken = createRoute({
  method: 'delete',
  path: '/clients/{id}/contacts/{contactId}/portal-token',
  tags,
  summary: 'Withdraw a contact’s portal access',
  request: { params: contactParams },
  responses: { 204: { description: 'Revoked' }, 401: problemResponses[401], 404: problemResponses[404] },
});
