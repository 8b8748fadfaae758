import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { AppError} from '../domain/errors.ts';
import { appErrorStatus, type FieldProblem } from '../domain/errors.ts';

/** RFC 9457 problem document, with one entry per invalid field. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    reason: z.string().optional().openapi({ description: 'Stable sub-code of the error, e.g. `mission_status_conflict`; match it, not the text' }),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ field: z.string(), location: z.string().optional(), message: z.string() }))
      .optional(),
    missing: z.array(z.string()).optional(),
  })
  .openapi('Problem');

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Writes a problem+json response. */
export function problem(
  c: Context,
  status: number,
  detail: string,
  extra: { code?: string; errors?: FieldProblem[]; [key: string]: unknown } = {},
): Response {
  const { code, ...rest } = extra;
  // RFC 9457: `status` is the HTTP status. Extra members never override the standard ones (a
  // mission's own status travels as `missionStatus`).
  const body = {
    ...rest,
    type: `https://echeance.dev/problems/${code ?? status}`,
    title: titles[status] ?? 'Error',
    status,
    detail,
    instance: c.req.path,
  };
  return c.body(JSON.stringify(body), status as ContentfulStatusCode, { 'Content-Type': 'application/problem+json' });
}

/** Turns zod issues into field problems (`body.lines.0.serviceId` → `lines.0.serviceId`). */
export function fieldProblems(error: z.ZodError, location: FieldProblem['location']): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : '(root)',
    location,
    message: issue.message,
  }));
}

/** Translates an AppError to its HTTP problem, once, at the edge. */
export function appErrorResponse(c: Context, error: AppError): Response {
  const { fields, ...details } = error.details;
  return problem(c, appErrorStatus[error.code], error.message, {
    code: error.code,
    reason: error.reason,
    ...(fields ? { errors: fields } : {}),
    ...details,
  });
}
