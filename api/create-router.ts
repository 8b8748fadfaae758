import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './context.ts';
import { inputRuleProblems } from './input-rules.ts';
import { fieldProblems, problem } from './problem.ts';

const locations = { json: 'body', form: 'body', query: 'query', param: 'path', header: 'header', cookie: 'header' } as const;

/**
 * A router whose request validation failures become 400 problem+json responses naming each
 * bad field, so handlers only ever see valid input (`c.req.valid(...)`). Input the route's schema
 * accepts must still meet the rule every field meets (`input-rules.ts`: no control characters,
 * dates in a sane range), checked here once for every route.
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    strict: false,
    defaultHook: (result, c) => {
      const location = locations[result.target as keyof typeof locations] ?? 'body';
      const errors = result.success ? inputRuleProblems(result.data, location) : fieldProblems(result.error, location);
      if (errors.length > 0) return problem(c, 400, 'The request has invalid fields', { code: 'invalid_input', errors });
      return undefined;
    },
  });
}
