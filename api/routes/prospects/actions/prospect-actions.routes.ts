import { createRoute, z } from '@hono/zod-openapi';
import { createSelectSchema } from 'drizzle-zod';
import { prospectActions } from '../../../../db/schema/index.ts';
import { actionInputSchema, actionPatchSchema } from '../../../../domain/prospects/actions/action-input.ts';
import { idParams, idempotencyHeader, jsonBody, jsonResponse, problemResponses } from '../../../openapi-schemas.ts';

export const actionSchema = createSelectSchema(prospectActions, {
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  doneAt: z.iso.datetime().nullable(),
}).openapi('ProspectAction');

const tags = ['Prospect follow-up'];

export const listProspectActions = createRoute({
  method: 'get',
  path: '/prospects/{id}/actions',
  tags,
  summary: 'A prospect’s follow-up actions (suivi), by date',
  request: { params: idParams },
  responses: { 200: jsonResponse(z.array(actionSchema), 'The actions'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const createProspectAction = createRoute({
  method: 'post',
  path: '/prospects/{id}/actions',
  tags,
  summary: 'Record a follow-up action: done and locked if its date has passed, else to do (with an overdue reminder)',
  request: { params: idParams, headers: idempotencyHeader, body: jsonBody(actionInputSchema.openapi('ProspectActionInput')) },
  responses: { 201: jsonResponse(actionSchema, 'The action'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404], 422: problemResponses[422] },
});

export const getProspectAction = createRoute({
  method: 'get',
  path: '/prospect-actions/{id}',
  tags,
  summary: 'Read a follow-up action',
  request: { params: idParams },
  responses: { 200: jsonResponse(actionSchema, 'The action'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const updateProspectAction = createRoute({
  method: 'patch',
  path: '/prospect-actions/{id}',
  tags,
  summary: 'Change a to-do action (a done one is locked)',
  request: { params: idParams, body: jsonBody(actionPatchSchema.openapi('ProspectActionPatch')) },
  responses: { 200: jsonResponse(actionSchema, 'The action'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409] },
});

export const deleteProspectAction = createRoute({
  method: 'delete',
  path: '/prospect-actions/{id}',
  tags,
  summary: 'Delete a follow-up action',
  request: { params: idParams },
  responses: { 204: { description: 'Deleted' }, 401: problemResponses[401], 404: problemResponses[404] },
});

export const completeProspectAction = createRoute({
  method: 'post',
  path: '/prospect-actions/{id}/done',
  tags,
  summary: 'Mark a to-do action done (it is then locked); cancels its reminder',
  request: { params: idParams, headers: idempotencyHeader },
  responses: { 200: jsonResponse(actionSchema, 'The action'), 401: problemResponses[401], 404: problemResponses[404] },
});
