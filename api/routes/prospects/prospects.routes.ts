import { createRoute, z } from '@hono/zod-openapi';
import { createSelectSchema } from 'drizzle-zod';
import { prospects } from '../../../db/schema/index.ts';
import { prospectInputSchema, prospectPatchSchema } from '../../../domain/prospects/prospect-input.ts';
import { prospectSearchFields, withOrderedCreationDates } from '../../../domain/prospects/search-filters.ts';
import { historyEntrySchema } from '../history/history.routes.ts';
import { idParams, idempotencyHeader, jsonBody, jsonResponse, pageOf, paginationQuery, problemResponses } from '../../openapi-schemas.ts';

export const prospectSchema = createSelectSchema(prospects, {
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  convertedAt: z.iso.datetime().nullable(),
})
  .omit({
    companyNameSearch: true,
    noteSearch: true,
    phoneDigits: true,
    foreignPhoneDigits: true,
    contactNamesSearch: true,
    contactEmailsSearch: true,
    contactPhonesDigits: true,
  })
  .openapi('Prospect');

export const prospectListItemSchema = prospectSchema
  .pick({
    id: true,
    companyName: true,
    lastActionDate: true,
    lastActionType: true,
    nextActionDate: true,
    nextActionType: true,
    source: true,
    phone: true,
    city: true,
    status: true,
    clientType: true,
    businessAcquirer: true,
    sourceSalespersonId: true,
    operationalSalespersonId: true,
    clientId: true,
    createdAt: true,
  })
  .extend({ email: z.string().nullable().openapi({ description: 'The preferred contact’s email' }) })
  .openapi('ProspectListItem');

const tags = ['Prospects'];

export const searchProspects = createRoute({
  method: 'get',
  path: '/prospects',
  tags,
  summary: 'List prospects with the advanced search, sorting and pagination',
  request: { query: withOrderedCreationDates(prospectSearchFields.extend(paginationQuery.shape)) },
  responses: { 200: jsonResponse(pageOf(prospectListItemSchema, 'ProspectPage'), 'A page of prospects'), 400: problemResponses[400], 401: problemResponses[401] },
});

export const exportProspects = createRoute({
  method: 'get',
  path: '/prospects/export.xlsx',
  tags,
  summary: 'Excel export (.xlsx, streamed) of the prospects matching the search — all of them without filters',
  request: { query: withOrderedCreationDates(prospectSearchFields) },
  responses: {
    200: { description: 'The workbook', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().openapi({ format: 'binary' }) } } },
    400: problemResponses[400],
    401: problemResponses[401],
  },
});

export const getProspect = createRoute({
  method: 'get',
  path: '/prospects/{id}',
  tags,
  summary: 'Read a prospect (fiche)',
  request: { params: idParams },
  responses: { 200: jsonResponse(prospectSchema, 'The prospect'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const createProspect = createRoute({
  method: 'post',
  path: '/prospects',
  tags,
  summary: 'Create a prospect',
  request: { headers: idempotencyHeader, body: jsonBody(prospectInputSchema.openapi('ProspectInput')) },
  responses: {
    201: jsonResponse(prospectSchema, 'The created prospect'),
    400: problemResponses[400],
    401: problemResponses[401],
    422: problemResponses[422],
  },
});

export const updateProspect = createRoute({
  method: 'patch',
  path: '/prospects/{id}',
  tags,
  summary: 'Change a prospect',
  request: { params: idParams, body: jsonBody(prospectPatchSchema.openapi('ProspectPatch')) },
  responses: { 200: jsonResponse(prospectSchema, 'The changed prospect'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404] },
});

export const getProspectHistory = createRoute({
  method: 'get',
  path: '/prospects/{id}/history',
  tags,
  summary: 'The prospect’s history: every creation and change of it, its contacts, files and actions (who, when, field, old → new)',
  request: { params: idParams, query: paginationQuery },
  responses: { 200: jsonResponse(pageOf(historyEntrySchema, 'ProspectHistoryPage'), 'A page of history entries'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404] },
});
