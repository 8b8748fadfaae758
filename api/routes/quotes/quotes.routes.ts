import { createRoute, z } from '@hono/zod-openapi';
import { createSelectSchema } from 'drizzle-zod';
import { firmQuoteSettings, quoteEventKinds, quotes } from '../../../db/schema/index.ts';
import { quoteTaskInputSchema } from '../../../domain/quotes/create-task-from-quote.ts';
import { invoiceSchema } from '../invoices/invoices.routes.ts';
import { salesOrderSchema } from '../sales-orders/sales-orders.routes.ts';
import { taskSchema } from '../tasks/tasks.routes.ts';
import {
  acceptQuoteInputSchema,
  accountQuoteInputSchema,
  contactQuoteInputSchema,
  declineQuoteInputSchema,
  fileQuoteInputSchema,
  listQuoteInputSchema,
  quoteEmailInputSchema,
  quoteListQuerySchema,
  quoteSettingsInputSchema,
  updateQuoteInputSchema,
} from '../../../domain/quotes/quote-input.ts';
import { idParams, idempotencyHeader, jsonBody, jsonResponse, pageOf, paginationQuery, problemResponses } from '../../openapi-schemas.ts';

const lineSchema = z.object({
  serviceId: z.uuid().optional(),
  label: z.string(),
  description: z.string().optional(),
  quantity: z.number(),
  unitPriceCents: z.number().int(),
  vatRate: z.number(),
  discountPercent: z.number(),
  nature: z.enum(['goods', 'services']),
  netCents: z.number().int(),
  vatCents: z.number().int(),
  optional: z.boolean(),
  selected: z.boolean(),
});
const breakdownSchema = z.object({ vatRate: z.number(), baseCents: z.number().int(), vatCents: z.number().int() });

export const quoteSchema = createSelectSchema(quotes, {
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable(),
  acceptedAt: z.iso.datetime().nullable(),
  declinedAt: z.iso.datetime().nullable(),
  expiredAt: z.iso.datetime().nullable(),
  cancelledAt: z.iso.datetime().nullable(),
  lines: z.array(lineSchema),
  vatBreakdown: z.array(breakdownSchema),
  documentIds: z.array(z.uuid()),
  acceptance: z
    .object({
      level: z.string(),
      signer: z.string(),
      signedAt: z.string(),
      signatureId: z.string().openapi({ description: '`builtin/<request>` or `yousign/<request>` (signature module), `online/<quote>` (typed « bon pour accord »), `manual/…` (staff)' }),
      documentHash: z.string().optional().openapi({ description: '`sha256:<hex>` of the signed PDF (e-signature) or of the quote PDF accepted online' }),
      ip: z.string().nullable().optional(),
      userAgent: z.string().nullable().optional(),
    })
    .nullable(),
}).openapi('Quote');

const quoteEventSchema = z
  .object({ id: z.uuid(), kind: z.enum(quoteEventKinds), detail: z.record(z.string(), z.unknown()), occurredAt: z.iso.datetime() })
  .openapi('QuoteEvent');

export const quoteSettingsSchema = createSelectSchema(firmQuoteSettings, { reminderDays: z.array(z.number().int()) }).omit({ updatedAt: true }).openapi('QuoteSettings');

const tags = ['Quotes'];
const created = { 201: jsonResponse(quoteSchema, 'The draft quote'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404], 422: problemResponses[422] };
const pathId = (name: string) => z.uuid().openapi({ param: { name, in: 'path' } });

export const listQuotes = createRoute({
  method: 'get',
  path: '/quotes',
  tags,
  summary: 'Quotes, newest first, with their online view counts',
  request: { query: paginationQuery.extend(quoteListQuerySchema.shape) },
  responses: { 200: jsonResponse(pageOf(quoteSchema, 'QuotePage'), 'A page of quotes'), 400: problemResponses[400], 401: problemResponses[401] },
});

export const createQuote = createRoute({
  method: 'post',
  path: '/quotes',
  tags,
  summary: '“+ Devis” from the quote list: a draft for the account named',
  request: { headers: idempotencyHeader, body: jsonBody(listQuoteInputSchema.openapi('QuoteInput')) },
  responses: created,
});

export const createClientQuote = createRoute({
  method: 'post',
  path: '/clients/{id}/quotes',
  tags,
  summary: '“+ Devis” from a client’s page',
  request: { headers: idempotencyHeader, params: idParams, body: jsonBody(accountQuoteInputSchema.openapi('AccountQuoteInput')) },
  responses: created,
});

export const createProspectQuote = createRoute({
  method: 'post',
  path: '/prospects/{id}/quotes',
  tags,
  summary: '“+ Devis” from a prospect’s page',
  request: { headers: idempotencyHeader, params: idParams, body: jsonBody(accountQuoteInputSchema) },
  responses: created,
});

export const createFileQuote = createRoute({
  method: 'post',
  path: '/prospect-files/{id}/quotes',
  tags,
  summary: '“+ Devis” from a prospect file (affaire): the quote belongs to the file',
  request: { headers: idempotencyHeader, params: idParams, body: jsonBody(fileQuoteInputSchema.openapi('FileQuoteInput')) },
  responses: created,
});

export const createClientContactQuote = createRoute({
  method: 'post',
  path: '/clients/{id}/contacts/{contactId}/quotes',
  tags,
  summary: '“+ Devis” from a client contact: addressed to that contact',
  request: { headers: idempotencyHeader, params: z.object({ id: pathId('id'), contactId: pathId('contactId') }), body: jsonBody(contactQuoteInputSchema.openapi('ContactQuoteInput')) },
  responses: created,
});

export const createProspectContactQuote = createRoute({
  method: 'post',
  path: '/prospect-contacts/{id}/quotes',
  tags,
  summary: '“+ Devis” from a prospect contact: addressed to it (name `prospectId` when it belongs to several prospects)',
  request: { headers: idempotencyHeader, params: idParams, body: jsonBody(contactQuoteInputSchema) },
  responses: created,
});

export const getQuote = createRoute({
  method: 'get',
  path: '/quotes/{id}',
  tags,
  summary: 'Read a quote',
  request: { params: idParams },
  responses: { 200: jsonResponse(quoteSchema, 'The quote'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const updateQuote = createRoute({
  method: 'patch',
  path: '/quotes/{id}',
  tags,
  summary: 'Change a draft (only the fields sent)',
  request: { params: idParams, body: jsonBody(updateQuoteInputSchema.openapi('QuotePatch')) },
  responses: { 200: jsonResponse(quoteSchema, 'The quote'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409] },
});

export const getQuoteHistory = createRoute({
  method: 'get',
  path: '/quotes/{id}/history',
  tags,
  summary: 'The quote’s events with date and time: sent, reminded, viewed, downloaded, signed…',
  request: { params: idParams },
  responses: { 200: jsonResponse(z.object({ items: z.array(quoteEventSchema) }), 'The events, oldest first'), 401: problemResponses[401], 404: problemResponses[404] },
});

const actionResponses = { 200: jsonResponse(quoteSchema, 'The quote'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409], 422: problemResponses[422] };
const action = (name: string, summary: string) =>
  createRoute({ method: 'post', path: `/quotes/{id}/${name}`, tags, summary, request: { headers: idempotencyHeader, params: idParams }, responses: actionResponses });

export const duplicateQuote = createRoute({
  method: 'post',
  path: '/quotes/{id}/duplicate',
  tags,
  summary: 'A new draft with the same lines, without the original’s history',
  request: { headers: idempotencyHeader, params: idParams },
  responses: created,
});
export const sendQuote = createRoute({
  method: 'post',
  path: '/quotes/{id}/send',
  tags,
  summary: '“Envoyer par email”: the first send takes the number D-<year>-<n> and emails the quote (template email.quote-sent)',
  request: { headers: idempotencyHeader, params: idParams, body: { required: false, content: { 'application/json': { schema: quoteEmailInputSchema.openapi('QuoteEmailInput') } } } },
  responses: actionResponses,
});
export const remindQuote = createRoute({
  method: 'post',
  path: '/quotes/{id}/remind',
  tags,
  summary: '“Relancer par email” once sent (template email.quote-reminder)',
  request: { headers: idempotencyHeader, params: idParams, body: { required: false, content: { 'application/json': { schema: quoteEmailInputSchema } } } },
  responses: actionResponses,
});
export const downloadQuotePdf = createRoute({
  method: 'get',
  path: '/quotes/{id}/pdf',
  tags,
  summary: 'The quote as PDF (the firm’s model and legal mentions)',
  request: { params: idParams },
  responses: { 200: { description: 'The PDF', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } }, 401: problemResponses[401], 404: problemResponses[404] },
});
const proofResponses = {
  200: { description: 'The PDF', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
  401: problemResponses[401],
  404: problemResponses[404],
  409: problemResponses[409],
};
export const downloadQuoteSignedPdf = createRoute({
  method: 'get',
  path: '/quotes/{id}/proofs/signed-pdf',
  tags,
  summary: 'The signed quote: the sealed PDF (built-in signing) or Yousign’s signed document; for a typed « bon pour accord », the quote PDF as the client accepted it',
  description: '409 `quote_status_conflict` before acceptance; 404 `quote_no_signature_proof` when staff recorded the acceptance by hand.',
  request: { params: idParams },
  responses: proofResponses,
});
export const downloadQuoteAuditTrail = createRoute({
  method: 'get',
  path: '/quotes/{id}/proofs/audit-trail',
  tags,
  summary: 'The audit trail of the quote’s signature (who, when, IP, user agent, document hash, events)',
  description: 'Built-in signing: the sealed PDF, whose last pages are the signing certificate and audit trail. Yousign: its audit trail. Typed « bon pour accord »: printed from the acceptance and the quote’s events.',
  request: { params: idParams },
  responses: proofResponses,
});
export const cancelQuote = action('cancel', 'Withdraw a draft or sent quote');
export const declineQuote = createRoute({
  method: 'post',
  path: '/quotes/{id}/decline',
  tags,
  summary: 'Record the client’s refusal, with its reason',
  request: { headers: idempotencyHeader, params: idParams, body: jsonBody(declineQuoteInputSchema.openapi('QuoteDeclineInput')) },
  responses: actionResponses,
});
export const acceptQuote = createRoute({
  method: 'post',
  path: '/quotes/{id}/accept',
  tags,
  summary: 'Record a “bon pour accord” (manual acceptance by staff)',
  request: { headers: idempotencyHeader, params: idParams, body: jsonBody(acceptQuoteInputSchema.openapi('QuoteAcceptInput')) },
  responses: actionResponses,
});

const firmParams = z.object({ id: pathId('id') });

export const getQuoteSettings = createRoute({
  method: 'get',
  path: '/firms/{id}/quote-settings',
  tags,
  summary: 'A firm’s quote settings: validity, reminder days, e-signature, legal mentions',
  request: { params: firmParams },
  responses: { 200: jsonResponse(quoteSettingsSchema, 'The settings'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const putQuoteSettings = createRoute({
  method: 'put',
  path: '/firms/{id}/quote-settings',
  tags,
  summary: 'Replace a firm’s quote settings (admin)',
  request: { params: firmParams, body: jsonBody(quoteSettingsInputSchema.openapi('QuoteSettingsInput')) },
  responses: { 200: jsonResponse(quoteSettingsSchema, 'The settings'), 400: problemResponses[400], 401: problemResponses[401], 403: problemResponses[403], 404: problemResponses[404] },
});

export const getQuoteState = createRoute({
  method: 'get',
  path: '/quotes/{id}/state',
  tags,
  summary: 'The workflow’s view of a sent quote: reminders sent, next reminder, expiry',
  request: { params: idParams },
  responses: {
    200: jsonResponse(
      z.object({ quoteId: z.uuid(), status: z.string(), remindersSent: z.array(z.number().int()), nextReminderAt: z.string().nullable(), expiresAt: z.string(), acceptance: z.record(z.string(), z.unknown()).nullable() }).openapi('QuoteWorkflowState'),
      'The state',
    ),
    401: problemResponses[401],
    404: problemResponses[404],
    409: problemResponses[409],
  },
});

export const createQuoteSalesOrder = createRoute({
  method: 'post',
  path: '/quotes/{id}/sales-order',
  tags,
  summary: 'A sales order from an accepted quote (its lines as accepted, optional lines chosen included), once',
  request: { headers: idempotencyHeader, params: idParams },
  responses: { 201: jsonResponse(salesOrderSchema, 'The sales order'), 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409], 422: problemResponses[422] },
});

export const createQuoteInvoice = createRoute({
  method: 'post',
  path: '/quotes/{id}/invoice',
  tags,
  summary: 'A draft invoice straight from an accepted quote (its lines as accepted), once',
  request: { headers: idempotencyHeader, params: idParams },
  responses: { 201: jsonResponse(invoiceSchema, 'The draft invoice'), 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409], 422: problemResponses[422] },
});

export const createQuoteTask = createRoute({
  method: 'post',
  path: '/quotes/{id}/task',
  tags,
  summary: 'A task for the quote’s client, assigned to the quote’s assignee unless another is named',
  request: { headers: idempotencyHeader, params: idParams, body: jsonBody(quoteTaskInputSchema.openapi('QuoteTaskInput')) },
  responses: { 201: jsonResponse(taskSchema, 'The task'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409], 422: problemResponses[422] },
});
