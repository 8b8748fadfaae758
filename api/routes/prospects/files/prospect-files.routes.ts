import { createRoute, z } from '@hono/zod-openapi';
import { createSelectSchema } from 'drizzle-zod';
import { prospectFiles } from '../../../../db/schema/index.ts';
import { fileInputSchema, filePatchSchema, markLostInputSchema, markSignedInputSchema } from '../../../../domain/prospects/files/file-input.ts';
import { idParams, idempotencyHeader, jsonBody, jsonResponse, problemResponses } from '../../../openapi-schemas.ts';

export const fileSchema = createSelectSchema(prospectFiles, {
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  signedAt: z.iso.datetime().nullable(),
  lostAt: z.iso.datetime().nullable(),
  reasonIds: z.array(z.uuid()),
})
  .extend({
    probability: z.number().int().openapi({ description: 'Win probability of the stage, in percent' }),
    missions: z.array(z.object({ label: z.string(), executorUserId: z.uuid() })),
    reasons: z.array(z.object({ id: z.uuid(), label: z.string() })),
  })
  .openapi('ProspectFile');

const tags = ['Prospect files'];

export const listProspectFiles = createRoute({
  method: 'get',
  path: '/prospects/{id}/files',
  tags,
  summary: 'A prospect’s files (dossiers), one per service type',
  request: { params: idParams },
  responses: { 200: jsonResponse(z.array(fileSchema), 'The files'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const createProspectFile = createRoute({
  method: 'post',
  path: '/prospects/{id}/files',
  tags,
  summary: 'Open a file for a service type (once per type); at the Gagné stage it converts the prospect',
  request: { params: idParams, headers: idempotencyHeader, body: jsonBody(fileInputSchema.openapi('ProspectFileInput')) },
  responses: {
    201: jsonResponse(fileSchema, 'The created file'),
    400: problemResponses[400],
    401: problemResponses[401],
    404: problemResponses[404],
    409: problemResponses[409],
    422: problemResponses[422],
  },
});

export const getProspectFile = createRoute({
  method: 'get',
  path: '/prospect-files/{id}',
  tags,
  summary: 'Read a file',
  request: { params: idParams },
  responses: { 200: jsonResponse(fileSchema, 'The file'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const updateProspectFile = createRoute({
  method: 'patch',
  path: '/prospect-files/{id}',
  tags,
  summary: 'Change an open file; moving it to Gagné (won) signs it and converts the prospect',
  request: { params: idParams, body: jsonBody(filePatchSchema.openapi('ProspectFilePatch')) },
  responses: {
    200: jsonResponse(fileSchema, 'The changed file'),
    400: problemResponses[400],
    401: problemResponses[401],
    404: problemResponses[404],
    409: problemResponses[409],
    422: problemResponses[422],
  },
});

export const deleteProspectFile = createRoute({
  method: 'delete',
  path: '/prospect-files/{id}',
  tags,
  summary: 'Delete a file',
  request: { params: idParams },
  responses: { 204: { description: 'Deleted' }, 401: problemResponses[401], 404: problemResponses[404] },
});

export const markFileSigned = createRoute({
  method: 'post',
  path: '/prospect-files/{id}/mark-signed',
  tags,
  summary: 'Mark the file signed for at least one win reason; converts the prospect into a client',
  request: { params: idParams, headers: idempotencyHeader, body: jsonBody(markSignedInputSchema.openapi('MarkSignedInput')) },
  responses: {
    200: jsonResponse(z.object({ file: fileSchema, clientId: z.uuid() }).openapi('SignedFile'), 'The signed file and the client'),
    400: problemResponses[400],
    401: problemResponses[401],
    404: problemResponses[404],
    409: problemResponses[409],
    422: problemResponses[422],
  },
});

export const markFileLost = createRoute({
  method: 'post',
  path: '/prospect-files/{id}/mark-lost',
  tags,
  summary: 'Mark the file lost, with at least one loss reason and a written justification',
  request: { params: idParams, headers: idempotencyHeader, body: jsonBody(markLostInputSchema.openapi('MarkLostInput')) },
  responses: { 200: jsonResponse(fileSchema, 'The lost file'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409] },
});
