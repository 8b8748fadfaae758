import { createRoute, z } from '@hono/zod-openapi';
import { createSelectSchema } from 'drizzle-zod';
import { salesOrders, salesOrderStatuses } from '../../../db/schema/index.ts';
import { salesOrderInputSchema } from '../../../domain/invoicing/invoicing-input.ts';
import { idParams, idempotencyHeader, jsonBody, jsonResponse, pageOf, paginationQuery, problemResponses } from '../../openapi-schemas.ts';

export const salesOrderSchema = createSelectSchema(salesOrders, {
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  lines: z.array(z.record(z.string(), z.unknown())),
  vatBreakdown: z.array(z.object({ vatRate: z.number(), baseCents: z.number().int(), vatCents: z.number().int() })),
  source: z.record(z.string(), z.unknown()).openapi({ description: '`{ kind: "direct" }`, or `{ kind: "quote", quoteId }` when converted from an accepted quote' }),
  deliveryAddress: z.record(z.string(), z.unknown()).nullable(),
}).openapi('SalesOrder');

const tags = ['Sales orders'];

export const listSalesOrders = createRoute({
  method: 'get',
  path: '/sales-orders',
  tags,
  summary: 'Sales orders, newest first',
  request: { query: paginationQuery.extend({ clientId: z.uuid().optional(), status: z.enum(salesOrderStatuses).optional() }) },
  responses: { 200: jsonResponse(pageOf(salesOrderSchema, 'SalesOrderPage'), 'A page of sales orders'), 400: problemResponses[400], 401: problemResponses[401] },
});

export const getSalesOrder = createRoute({
  method: 'get',
  path: '/sales-orders/{id}',
  tags,
  summary: 'Read a sales order',
  request: { params: idParams },
  responses: { 200: jsonResponse(salesOrderSchema, 'The sales order'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const createSalesOrder = createRoute({
  method: 'post',
  path: '/sales-orders',
  tags,
  summary: 'A sales order for a client, from lines (numbered CC-<year>-<n>)',
  request: { headers: idempotencyHeader, body: jsonBody(salesOrderInputSchema.openapi('SalesOrderInput')) },
  responses: { 201: jsonResponse(salesOrderSchema, 'The sales order'), 400: problemResponses[400], 401: problemResponses[401], 422: problemResponses[422] },
});

const action = (name: 'deliver' | 'cancel', summary: string) =>
  createRoute({
    method: 'post',
    path: `/sales-orders/{id}/${name}`,
    tags,
    summary,
    request: { params: idParams },
    responses: { 200: jsonResponse(salesOrderSchema, 'The sales order'), 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409] },
  });

export const deliverSalesOrder = action('deliver', 'Mark an open order delivered');
export const cancelSalesOrder = action('cancel', 'Cancel an order not yet invoiced');
