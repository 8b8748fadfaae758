import { OpenAPIHono } from '@hono/zod-openapi';
import type { Handler, MiddlewareHandler } from 'hono';
import { assertAdmin } from '../domain/auth/authenticate-token.ts';
import type { AppEnv } from './context.ts';
import { inputRuleProblems } from './input-rules.ts';
import { fieldProblems, problem } from './problem.ts';

const locations = { json: 'body', form: 'body', query: 'query', param: 'path', header: 'header', cookie: 'header' } as const;

/**
 * Who may call a route, said by its contract: `createRoute({ ..., requires: 'admin' })` lets only
 * the organisation's administrators through (others get 403 problem+json, reason `forbidden`);
 * without it, every authenticated member of the organisation may call the route.
 */
export interface RouteAccess {
  requires?: 'admin';
}

/** The OpenAPI extension that documents a route's `requires` in the generated document. */
export const REQUIRED_ROLE_EXTENSION = 'x-required-role';

/** Route middleware: only the organisation's administrators pass; others get 403 (`forbidden`). */
export const adminOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  assertAdmin(c.get('caller'));
  await next();
};

/**
 * A router whose request validation failures become 400 problem+json responses naming each
 * bad field, so handlers only ever see valid input (`c.req.valid(...)`). Input the route's schema
 * accepts must still meet the rule every field meets (`input-rules.ts`: no control characters,
 * dates in a sane range), checked here once for every route.
 *
 * A route whose contract `requires: 'admin'` (RouteAccess) gets the `adminOnly` middleware
 * here, before its input is validated (a caller who may not use the route learns nothing about
 * its input rules), and the requirement is documented in the OpenAPI operation
 * (`x-required-role`). Handlers never check the caller's role themselves.
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  const router = new OpenAPIHono<AppEnv>({
    strict: false,
    defaultHook: (result, c) => {
      const location = locations[result.target as keyof typeof locations] ?? 'body';
      const errors = result.success ? inputRuleProblems(result.data, location) : fieldProblems(result.error, location);
      if (errors.length > 0) return problem(c, 400, 'The request has invalid fields', { code: 'invalid_input', errors });
      return undefined;
    },
  });
  const register = router.openapi;
  router.openapi = ((route: Parameters<typeof register>[0] & RouteAccess, handler: Handler<AppEnv>, hook?: Parameters<typeof register>[2]) => {
    const { requires, ...contract } = route;
    if (requires === undefined) return register(contract, handler as never, hook);
    const middleware = [adminOnly, ...[contract.middleware ?? []].flat()];
    return register({ ...contract, middleware, [REQUIRED_ROLE_EXTENSION]: requires } as typeof contract, handler as never, hook);
  }) as typeof register;
  return router;
}
