import type { MiddlewareHandler } from 'hono';
import { assertAdmin } from '../../../domain/auth/authenticate-token.ts';
import type { AppEnv } from '../../context.ts';

/** Route middleware: only the firm's administrators pass (seed 000: « accessible uniquement par l'administrateur »); others get 403. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  assertAdmin(c.get('caller'));
  await next();
};
