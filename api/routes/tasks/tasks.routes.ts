import { createRoute, z } from '@hono/zod-openapi';
import { createSelectSchema } from 'drizzle-zod';
import { tasks } from '../../../db/schema/index.ts';
import { taskInputSchema, taskPatchSchema } from '../../../domain/tasks/task-input.ts';
import { idParams, idempotencyHeader, jsonBody, jsonResponse, pageOf, paginationQuery, problemResponses } from '../../openapi-schemas.ts';

export const taskSchema = createSelectSchema(tasks, {
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
})
  .extend({
    clientName: z.string(),
    requestedServiceId: z.uuid().nullable().openapi({ description: 'For a client’s portal request: the catalogue service asked for' }),
  })
  .openapi('Task');

const tags = ['Tasks'];

export const listTasks = createRoute({
  method: 'get',
  path: '/tasks',
  tags,
  summary: 'The firm’s task list, filtered; soonest due first, undated last',
  request: {
    query: paginationQuery
      .extend({
        assignee: z.union([z.uuid(), z.literal('unassigned')]).optional().openapi({ description: 'A user id, or `unassigned`' }),
        clientId: z.uuid().optional(),
        missionId: z.uuid().optional(),
        status: z.enum(['todo', 'done']).optional(),
        source: z.enum(['occurrence', 'client_request', 'manual']).optional(),
        dueFrom: z.iso.date().optional().openapi({ description: 'Due on or after (YYYY-MM-DD)' }),
        dueTo: z.iso.date().optional().openapi({ description: 'Due on or before (YYYY-MM-DD)' }),
      })
      .refine((query) => !query.dueFrom || !query.dueTo || query.dueFrom <= query.dueTo, { path: ['dueTo'], message: 'must not be before dueFrom' }),
  },
  responses: { 200: jsonResponse(pageOf(taskSchema, 'TaskPage'), 'A page of tasks'), 400: problemResponses[400], 401: problemResponses[401] },
});

export const getTask = createRoute({
  method: 'get',
  path: '/tasks/{id}',
  tags,
  summary: 'Read a task',
  request: { params: idParams },
  responses: { 200: jsonResponse(taskSchema, 'The task'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const createTask = createRoute({
  method: 'post',
  path: '/tasks',
  tags,
  summary: 'Add a task by hand for a client',
  request: { headers: idempotencyHeader, body: jsonBody(taskInputSchema.openapi('TaskInput')) },
  responses: { 201: jsonResponse(taskSchema, 'The created task'), 400: problemResponses[400], 401: problemResponses[401], 422: problemResponses[422] },
});

export const updateTask = createRoute({
  method: 'patch',
  path: '/tasks/{id}',
  tags,
  summary: 'Change a task’s title, description, assignee or due date',
  request: { params: idParams, body: jsonBody(taskPatchSchema.openapi('TaskPatch')) },
  responses: { 200: jsonResponse(taskSchema, 'The changed task'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404] },
});

export const completeTask = createRoute({
  method: 'post',
  path: '/tasks/{id}/complete',
  tags,
  summary: 'Mark a task done (409 if it already is)',
  request: { params: idParams },
  responses: { 200: jsonResponse(taskSchema, 'The completed task'), 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409] },
});

export const reopenTask = createRoute({
  method: 'post',
  path: '/tasks/{id}/reopen',
  tags,
  summary: 'Put a done task back to do (409 if it is not done)',
  request: { params: idParams },
  responses: { 200: jsonResponse(taskSchema, 'The reopened task'), 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409] },
});
