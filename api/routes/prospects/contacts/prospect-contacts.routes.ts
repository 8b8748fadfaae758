import { createRoute, z } from '@hono/zod-openapi';
import { createSelectSchema } from 'drizzle-zod';
import { prospectContacts } from '../../../../db/schema/index.ts';
import { contactInputSchema, contactPatchSchema } from '../../../../domain/prospects/contacts/contact-input.ts';
import { idParams, idempotencyHeader, jsonBody, jsonResponse, pageOf, paginationQuery, problemResponses } from '../../../openapi-schemas.ts';

const baseContactSchema = createSelectSchema(prospectContacts, { createdAt: z.iso.datetime(), updatedAt: z.iso.datetime() }).omit({
  nameSearch: true,
  homePhoneDigits: true,
  mobileDigits: true,
});

export const contactSchema = baseContactSchema
  .extend({ prospects: z.array(z.object({ prospectId: z.uuid(), isPreferred: z.boolean() })) })
  .openapi('ProspectContact');
export const prospectContactSchema = baseContactSchema.extend({ isPreferred: z.boolean() }).openapi('ProspectContactLink');
const contactSummarySchema = baseContactSchema.openapi('ProspectContactSummary');

const prospectContactParams = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' }, description: 'The prospect' }),
  contactId: z.uuid().openapi({ param: { name: 'contactId', in: 'path' } }),
});

const tags = ['Prospect contacts'];

export const listProspectContacts = createRoute({
  method: 'get',
  path: '/prospects/{id}/contacts',
  tags,
  summary: 'A prospect’s contacts (interlocuteurs), the preferred one first',
  request: { params: idParams },
  responses: { 200: jsonResponse(z.array(prospectContactSchema), 'The contacts'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const addProspectContact = createRoute({
  method: 'post',
  path: '/prospects/{id}/contacts',
  tags,
  summary: 'Create a contact and link it to the prospect (its first contact becomes preferred)',
  request: { params: idParams, headers: idempotencyHeader, body: jsonBody(contactInputSchema.openapi('ProspectContactInput')) },
  responses: { 201: jsonResponse(prospectContactSchema, 'The linked contact'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404], 422: problemResponses[422] },
});

export const linkProspectContact = createRoute({
  method: 'put',
  path: '/prospects/{id}/contacts/{contactId}',
  tags,
  summary: 'Link a contact already in the organisation to the prospect instead of duplicating it',
  request: { params: prospectContactParams },
  responses: { 200: jsonResponse(prospectContactSchema, 'The linked contact'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404] },
});

export const unlinkProspectContact = createRoute({
  method: 'delete',
  path: '/prospects/{id}/contacts/{contactId}',
  tags,
  summary: 'Remove a contact from the prospect (refused for the preferred contact)',
  request: { params: prospectContactParams },
  responses: { 204: { description: 'Removed' }, 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409] },
});

export const setPreferredContact = createRoute({
  method: 'post',
  path: '/prospects/{id}/contacts/{contactId}/preferred',
  tags,
  summary: 'Make this contact the preferred one: it receives the prospecting emails',
  request: { params: prospectContactParams, headers: idempotencyHeader },
  responses: { 200: jsonResponse(prospectContactSchema, 'The preferred contact'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const searchContacts = createRoute({
  method: 'get',
  path: '/prospect-contacts',
  tags,
  summary: 'Find contacts already in the organisation (name or email, partial, accent-insensitive) to link them',
  request: { query: paginationQuery.extend({ search: z.string().trim().min(1).max(200).optional() }) },
  responses: { 200: jsonResponse(pageOf(contactSummarySchema, 'ProspectContactPage'), 'A page of contacts'), 400: problemResponses[400], 401: problemResponses[401] },
});

export const getContact = createRoute({
  method: 'get',
  path: '/prospect-contacts/{id}',
  tags,
  summary: 'Read a contact and the prospects it is linked to',
  request: { params: idParams },
  responses: { 200: jsonResponse(contactSchema, 'The contact'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const updateContact = createRoute({
  method: 'patch',
  path: '/prospect-contacts/{id}',
  tags,
  summary: 'Change a contact',
  request: { params: idParams, body: jsonBody(contactPatchSchema.openapi('ProspectContactPatch')) },
  responses: { 200: jsonResponse(contactSchema, 'The changed contact'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404] },
});

export const deleteContact = createRoute({
  method: 'delete',
  path: '/prospect-contacts/{id}',
  tags,
  summary: 'Delete a contact (refused while it is a preferred contact)',
  request: { params: idParams },
  responses: { 204: { description: 'Deleted' }, 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409] },
});

export const downloadVCard = createRoute({
  method: 'get',
  path: '/prospect-contacts/{id}/vcard',
  tags,
  summary: 'Download the contact as a vCard 3.0',
  request: { params: idParams },
  responses: {
    200: { description: 'The vCard', content: { 'text/vcard': { schema: z.string() } } },
    401: problemResponses[401],
    404: problemResponses[404],
  },
});
