import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './context.ts';
import { fieldProblems, problem } from './problem.ts';

const locations = { json: 'body', form: 'body', query: 'query', param: 'path', header: 'header', cookie: 'header' } as const;

/**
 * A router whose request validation failures become 400 problem+json responses naming each
 * bad field, so handlers only ever see valid input (`c.req.valid(...)`).
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    strict: false,
    defaultHook: (result, c) => {
      if (!result.success) {
        const location = locations[result.target as keyof typeof locations] ?? 'body';
        return problem(c, 400, 'The request has invalid fields', {
          code: 'invalid_input',
          errors: fieldProblems(result.error, location),
        });
      }
      return undefined;
    },
  });
}
