import { createRoute, z } from '@hono/zod-openapi';
import { createSelectSchema } from 'drizzle-zod';
import { firmInvoicingSettings, invoicePayments, invoices } from '../../../db/schema/index.ts';
import {
  creditNoteInputSchema,
  directInvoiceInputSchema,
  invoiceListQuerySchema,
  invoicingSettingsInputSchema,
  orderInvoiceInputSchema,
  paymentInputSchema,
} from '../../../domain/invoicing/invoicing-input.ts';
import { idParams, idempotencyHeader, jsonBody, jsonResponse, pageOf, paginationQuery, problemResponses } from '../../openapi-schemas.ts';

const lineSchema = z.object({
  label: z.string(),
  description: z.string().optional(),
  quantity: z.number(),
  unitPriceCents: z.number().int(),
  vatRate: z.number(),
  discountPercent: z.number(),
  nature: z.enum(['goods', 'services']),
  netCents: z.number().int(),
  vatCents: z.number().int(),
});
const breakdownSchema = z.object({ vatRate: z.number(), baseCents: z.number().int(), vatCents: z.number().int() });
const addressSchema = z.object({ line1: z.string(), line2: z.string().optional(), postalCode: z.string(), city: z.string(), country: z.string() });

export const paymentSchema = createSelectSchema(invoicePayments, { createdAt: z.iso.datetime() }).openapi('InvoicePayment');

export const invoiceSchema = createSelectSchema(invoices, {
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  issuedAt: z.iso.datetime().nullable(),
  lines: z.array(lineSchema),
  vatBreakdown: z.array(breakdownSchema),
  deliveryAddress: addressSchema.nullable(),
  snapshot: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'Seller, buyer and legal mentions frozen at issue' }),
})
  .extend({
    outstandingCents: z.number().int().openapi({ description: 'Still due: total less payments and credit notes (0 for drafts and credit notes)' }),
    payments: z.array(paymentSchema).optional(),
  })
  .openapi('Invoice');

export const invoicingSettingsSchema = createSelectSchema(firmInvoicingSettings, {
  updatedAt: z.iso.datetime(),
  address: addressSchema.nullable(),
  reminderSteps: z.array(z.object({ offsetDays: z.number().int(), subject: z.string(), body: z.string() })),
}).openapi('InvoicingSettings');

const tags = ['Invoices'];
const binary = (type: string, description: string) => ({ description, content: { [type]: { schema: z.string().openapi({ format: 'binary' }) } } });

export const listInvoices = createRoute({
  method: 'get',
  path: '/invoices',
  tags,
  summary: 'Invoices and credit notes, newest first; filter by client, status, kind, due range or unpaid',
  request: {
    query: paginationQuery
      .extend(invoiceListQuerySchema.shape)
      .refine((query) => !query.dueFrom || !query.dueTo || query.dueFrom <= query.dueTo, { path: ['dueTo'], message: 'must not be before dueFrom' }),
  },
  responses: { 200: jsonResponse(pageOf(invoiceSchema, 'InvoicePage'), 'A page of invoices'), 400: problemResponses[400], 401: problemResponses[401] },
});

export const getInvoice = createRoute({
  method: 'get',
  path: '/invoices/{id}',
  tags,
  summary: 'Read an invoice or credit note, with its payments',
  request: { params: idParams },
  responses: { 200: jsonResponse(invoiceSchema, 'The invoice'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const createInvoice = createRoute({
  method: 'post',
  path: '/invoices',
  tags,
  summary: 'A draft invoice for a client, from lines',
  request: { headers: idempotencyHeader, body: jsonBody(directInvoiceInputSchema.openapi('DirectInvoiceInput')) },
  responses: { 201: jsonResponse(invoiceSchema, 'The draft'), 400: problemResponses[400], 401: problemResponses[401], 422: problemResponses[422] },
});

export const createInvoiceFromSalesOrder = createRoute({
  method: 'post',
  path: '/invoices/from-sales-order',
  tags,
  summary: 'A draft invoice from a sales order: in full (less issued down payments), or a down payment (downPaymentPercent)',
  request: { headers: idempotencyHeader, body: jsonBody(orderInvoiceInputSchema.openapi('OrderInvoiceInput')) },
  responses: { 201: jsonResponse(invoiceSchema, 'The draft'), 400: problemResponses[400], 401: problemResponses[401], 409: problemResponses[409], 422: problemResponses[422] },
});

export const deleteInvoice = createRoute({
  method: 'delete',
  path: '/invoices/{id}',
  tags,
  summary: 'Delete a draft (409 once issued: issued invoices are corrected by credit notes)',
  request: { params: idParams },
  responses: { 204: { description: 'Deleted' }, 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409] },
});

export const issueInvoice = createRoute({
  method: 'post',
  path: '/invoices/{id}/issue',
  tags,
  summary: 'Issue a draft: number, freeze, Factur-X; starts the payment follow-up (422 naming each missing mandatory item)',
  request: { params: idParams, headers: idempotencyHeader },
  responses: { 200: jsonResponse(invoiceSchema, 'The issued invoice'), 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409], 422: problemResponses[422] },
});

export const createCreditNote = createRoute({
  method: 'post',
  path: '/invoices/{id}/credit-notes',
  tags,
  summary: 'A draft credit note against an issued invoice: in full (no lines) or in part (lines)',
  request: { params: idParams, headers: idempotencyHeader, body: jsonBody(creditNoteInputSchema.openapi('CreditNoteInput')) },
  responses: { 201: jsonResponse(invoiceSchema, 'The draft credit note'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409] },
});

export const recordPayment = createRoute({
  method: 'post',
  path: '/invoices/{id}/payments',
  tags,
  summary: 'Record a payment (full or partial); adjusts the follow-up',
  request: { params: idParams, headers: idempotencyHeader, body: jsonBody(paymentInputSchema.openapi('PaymentInput')) },
  responses: { 201: jsonResponse(invoiceSchema, 'The invoice after the payment'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409] },
});

export const downloadPdf = createRoute({
  method: 'get',
  path: '/invoices/{id}/pdf',
  tags,
  summary: 'The Factur-X PDF/A-3 (EN 16931 CII embedded)',
  request: { params: idParams },
  responses: { 200: binary('application/pdf', 'The PDF'), 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409] },
});

export const downloadXml = createRoute({
  method: 'get',
  path: '/invoices/{id}/xml',
  tags,
  summary: 'The e-invoice XML: CII (factur-x.xml, default) or UBL',
  request: { params: idParams, query: z.object({ syntax: z.enum(['cii', 'ubl']).default('cii') }) },
  responses: { 200: binary('application/xml', 'The XML'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409] },
});

const firmParams = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

export const getInvoicingSettings = createRoute({
  method: 'get',
  path: '/firms/{id}/invoicing-settings',
  tags,
  summary: 'A firm’s invoicing settings: address, penalty rate, VAT on debits, terms, reminders, invoice model',
  request: { params: firmParams },
  responses: { 200: jsonResponse(invoicingSettingsSchema, 'The settings'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const putInvoicingSettings = createRoute({
  requires: 'admin',
  method: 'put',
  path: '/firms/{id}/invoicing-settings',
  tags,
  summary: 'Replace a firm’s invoicing settings (admin)',
  request: { params: firmParams, body: jsonBody(invoicingSettingsInputSchema.openapi('InvoicingSettingsInput')) },
  responses: { 200: jsonResponse(invoicingSettingsSchema, 'The settings'), 400: problemResponses[400], 401: problemResponses[401], 403: problemResponses[403], 404: problemResponses[404] },
});
