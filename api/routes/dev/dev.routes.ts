import { createRoute, z } from '@hono/zod-openapi';
import { jsonBody, jsonResponse, problemResponses } from '../../openapi-schemas.ts';

const clockSchema = z
  .object({ now: z.iso.datetime().openapi({ description: 'The Temporal server’s current time' }) })
  .openapi('DevClock');

export const advanceInputSchema = z
  .object({
    days: z.int().min(0).max(3660).default(0),
    hours: z.int().min(0).max(24 * 3660).default(0),
    minutes: z.int().min(0).max(60 * 24 * 3660).default(0),
  })
  .refine((input) => input.days + input.hours + input.minutes > 0, { path: ['days'], message: 'Advance by at least one minute' })
  .openapi('DevClockAdvance');

const tags = ['Development'];

export const getClock = createRoute({
  requires: 'admin',
  method: 'get',
  path: '/dev/clock',
  tags,
  summary: 'The development server’s clock (admin; dev server only)',
  responses: { 200: jsonResponse(clockSchema, 'Current time'), 401: problemResponses[401], 403: problemResponses[403] },
});

export const advanceClock = createRoute({
  requires: 'admin',
  method: 'post',
  path: '/dev/clock/advance',
  tags,
  summary: 'Move the development server’s clock forward; timers due on the way fire in order (admin; dev server only)',
  request: { body: jsonBody(advanceInputSchema) },
  responses: {
    200: jsonResponse(clockSchema.extend({ advancedMs: z.number().int() }), 'The time after the jump'),
    400: problemResponses[400],
    401: problemResponses[401],
    403: problemResponses[403],
  },
});
