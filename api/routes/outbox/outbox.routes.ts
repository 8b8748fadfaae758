import { createRoute, z } from '@hono/zod-openapi';
import { createSelectSchema } from 'drizzle-zod';
import { outboxEmails, outboxSms } from '../../../db/schema/index.ts';
import { idParams, jsonResponse, pageOf, paginationQuery, problemResponses } from '../../openapi-schemas.ts';

const tags = ['Outbox'];

export const outboxEmailSchema = createSelectSchema(outboxEmails, {
  createdAt: z.iso.datetime(),
  toAddresses: z.array(z.email()),
  tags: z.record(z.string(), z.string()),
  attachments: z.array(z.object({ filename: z.string(), contentType: z.string(), size: z.number().int() })),
})
  .omit({ emlPath: true })
  .extend({ hasEml: z.boolean().openapi({ description: 'Whether the `.eml` file can be downloaded' }) })
  .openapi('OutboxEmail');

export const outboxEmailSummarySchema = outboxEmailSchema.omit({ html: true, text: true }).openapi('OutboxEmailSummary');

export const listOutboxEmails = createRoute({
  requires: 'admin',
  method: 'get',
  path: '/outbox/emails',
  tags,
  summary: 'List the emails the local outbox recorded for the organisation, newest first (admin)',
  description: 'Without an email provider (RESEND_API_KEY unset), emails are not sent but kept here and written as .eml files.',
  request: { query: paginationQuery },
  responses: {
    200: jsonResponse(pageOf(outboxEmailSummarySchema, 'OutboxEmailPage'), 'A page of emails'),
    400: problemResponses[400],
    401: problemResponses[401],
    403: problemResponses[403],
  },
});

export const getOutboxEmail = createRoute({
  requires: 'admin',
  method: 'get',
  path: '/outbox/emails/{id}',
  tags,
  summary: 'Read one outbox email with its HTML and text bodies (admin)',
  request: { params: idParams },
  responses: {
    200: jsonResponse(outboxEmailSchema, 'The email'),
    400: problemResponses[400],
    401: problemResponses[401],
    403: problemResponses[403],
    404: problemResponses[404],
  },
});

export const downloadOutboxEml = createRoute({
  requires: 'admin',
  method: 'get',
  path: '/outbox/emails/{id}/eml',
  tags,
  summary: 'Download an outbox email as an .eml file, attachments included (admin)',
  request: { params: idParams },
  responses: {
    200: { description: 'The RFC 5322 message', content: { 'message/rfc822': { schema: z.string().openapi({ format: 'binary' }) } } },
    400: problemResponses[400],
    401: problemResponses[401],
    403: problemResponses[403],
    404: problemResponses[404],
  },
});

export const outboxSmsSchema = createSelectSchema(outboxSms, { createdAt: z.iso.datetime() })
  .extend({ segments: z.number().int().openapi({ description: 'SMS parts the body takes (160 GSM-7 or 70 UCS-2 characters each)' }) })
  .openapi('OutboxSms');

export const listOutboxSms = createRoute({
  requires: 'admin',
  method: 'get',
  path: '/outbox/sms',
  tags,
  summary: 'List the SMS the outbox recorded for the organisation, newest first (admin)',
  request: { query: paginationQuery },
  responses: {
    200: jsonResponse(pageOf(outboxSmsSchema, 'OutboxSmsPage'), 'A page of SMS'),
    400: problemResponses[400],
    401: problemResponses[401],
    403: problemResponses[403],
  },
});
