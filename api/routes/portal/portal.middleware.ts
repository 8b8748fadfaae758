import type { MiddlewareHandler } from 'hono';
import { authenticatePortalToken } from '../../../domain/portal/authenticate-portal-token.ts';
import type { AppEnv } from '../../context.ts';

/**
 * Resolves a client contact's portal token — `Authorization: Bearer <token>`, or `?token=` for
 * the link sent by email — to `portalCaller`; 401 problem otherwise. Staff tokens do not work
 * here, and portal tokens do not work on staff routes.
 */
export const authenticatePortal: MiddlewareHandler<AppEnv> = async (c, next) => {
  const bearer = c.req.header('Authorization')?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  c.set('portalCaller', await authenticatePortalToken(c.get('deps').database.db, bearer ?? c.req.query('token')));
  await next();
};
