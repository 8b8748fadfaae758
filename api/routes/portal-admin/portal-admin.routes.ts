import { createRoute, z } from '@hono/zod-openapi';
import { idParams, jsonResponse, problemResponses } from '../../openapi-schemas.ts';

const tags = ['Client pages (firm side)'];
const contactParams = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
  contactId: z.uuid().openapi({ param: { name: 'contactId', in: 'path' } }),
});

export const requestEmailSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(['created', 'reminder', 'overdue', 'resent']),
    to: z.string(),
    subject: z.string(),
    sentByUserId: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi('InformationRequestEmail');

export const listRequestEmails = createRoute({
  method: 'get',
  path: '/information-requests/{id}/emails',
  tags,
  summary: 'The emails sent to the client about a request (creation, reminder, overdue, resent), oldest first',
  request: { params: idParams },
  responses: { 200: jsonResponse(z.object({ items: z.array(requestEmailSchema) }), 'The email history'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const resendRequestEmail = createRoute({
  method: 'post',
  path: '/information-requests/{id}/emails/resend',
  tags,
  summary: 'Send the request’s email (the firm’s information-request template) to its contact again',
  description: 'Only an open request; 409 otherwise, or when its contact has no email address or no access to the client pages.',
  request: { params: idParams },
  responses: {
    201: jsonResponse(requestEmailSchema, 'The email sent'),
    401: problemResponses[401],
    404: problemResponses[404],
    409: problemResponses[409],
    503: { ...problemResponses[409], description: 'Email is not configured' },
  },
});

export const issueCalendarFeedRoute = createRoute({
  method: 'post',
  path: '/clients/{id}/contacts/{contactId}/calendar-feed',
  tags,
  summary: 'Give a contact a private calendar (ICS) URL of their upcoming due dates; replaces the previous one',
  request: { params: contactParams },
  responses: { 201: jsonResponse(z.object({ url: z.url() }).openapi('CalendarFeed'), 'The URL to subscribe to'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const revokeCalendarFeedRoute = createRoute({
  method: 'delete',
  path: '/clients/{id}/contacts/{contactId}/calendar-feed',
  tags,
  summary: 'Revoke a contact’s calendar URL',
  request: { params: contactParams },
  responses: { 204: { description: 'Revoked' }, 401: problemResponses[401], 404: problemResponses[404] },
});

export const revokePortalAccessRoute = createRoute({
  method: 'post',
  path: '/clients/{id}/contacts/{contactId}/client-pages/revoke',
  tags,
  summary: 'Withdraw a contact’s access to the client pages: sessions end, links stop, every page is a 404',
  request: { params: contactParams },
  responses: { 204: { description: 'Revoked' }, 401: problemResponses[401], 404: problemResponses[404] },
});

export const restorePortalAccessRoute = createRoute({
  method: 'post',
  path: '/clients/{id}/contacts/{contactId}/client-pages/restore',
  tags,
  summary: 'Give a revoked contact their access to the client pages back',
  request: { params: contactParams },
  responses: { 204: { description: 'Restored' }, 401: problemResponses[401], 404: problemResponses[404] },
});
