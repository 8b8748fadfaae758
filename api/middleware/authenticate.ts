import type { MiddlewareHandler } from 'hono';
import { authenticateToken } from '../../domain/auth/authenticate-token.ts';
import type { AppEnv } from '../context.ts';

/** Paths under /api/v1 that staff tokens do not guard (client pages, provider webhooks). */
const publicPrefixes = ['/api/v1/portal/', '/api/v1/webhooks/'];

/** Resolves `Authorization: Bearer <token>` to the caller; 401 problem otherwise. */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (publicPrefixes.some((prefix) => c.req.path.startsWith(prefix))) return next();
  const header = c.req.header('Authorization');
  const token = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  c.set('caller', await authenticateToken(c.get('deps').database.db, token));
  return next();
};
