import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../context.ts';
import { createRouter } from '../../create-router.ts';
import { authenticatePortal } from '../portal/portal.middleware.ts';
import * as handlers from './portal-documents.handlers.ts';
import * as routes from './portal-documents.routes.ts';

/**
 * Resolves the portal token unless the portal router's middleware (mounted on `/portal/*`)
 * already did for this request, so these routes are guarded whichever way they are mounted.
 */
const portalCaller: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('portalCaller')) return next();
  return authenticatePortal(c, next);
};

const router = createRouter();
router.use('/portal/documents', portalCaller);
router.use('/portal/documents/*', portalCaller);

/** Client-facing document store: the folders shared with the token's client, and their files. */
export const portalDocumentsRouter = router
  .openapi(routes.listPortalDocuments, handlers.list)
  .openapi(routes.downloadPortalDocument, handlers.download);
