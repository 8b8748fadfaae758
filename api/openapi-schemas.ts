import { z } from '@hono/zod-openapi';
import { problemSchema } from './problem.ts';

/** Shared OpenAPI pieces: id params, pagination, problem responses. */
export const idParams = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

export const paginationQuery = z.object({
  page: z.coerce.number().int().min(1).default(1).openapi({ example: 1 }),
  pageSize: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
});

export function pageOf<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({ items: z.array(item), page: z.number().int(), pageSize: z.number().int(), total: z.number().int() })
    .openapi(name);
}

const problemContent = { 'application/problem+json': { schema: problemSchema } };

/** Problem responses most routes can answer. */
export const problemResponses = {
  400: { description: 'Invalid input; each bad field is listed', content: problemContent },
  401: { description: 'Missing or unknown bearer token', content: problemContent },
  403: { description: 'The caller lacks the required role', content: problemContent },
  404: { description: 'Not found (also for another organisation’s ids)', content: problemContent },
  409: { description: 'Conflict with the current state', content: problemContent },
  422: { description: 'Idempotency-Key reused with another body, or a business precondition failed', content: problemContent },
} as const;

export const jsonBody = <T extends z.ZodType>(schema: T, description = 'Request body') => ({
  required: true,
  description,
  content: { 'application/json': { schema } },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** The Idempotency-Key header documented on POSTs that create or trigger something. */
export const idempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .optional()
    .openapi({ param: { name: 'idempotency-key', in: 'header' }, description: 'Replays return the first response; another body with the same key is a 422' }),
});
