import { createRouter } from '../../create-router.ts';
import * as handlers from './portal-admin.handlers.ts';
import * as routes from './portal-admin.routes.ts';

/** Staff routes about the client pages: a request's email history and resend, calendar feeds, access revocation. */
export const portalAdminRouter = createRouter()
  .openapi(routes.listRequestEmails, handlers.listEmails)
  .openapi(routes.resendRequestEmail, handlers.resend)
  .openapi(routes.issueCalendarFeedRoute, handlers.issueFeed)
  .openapi(routes.revokeCalendarFeedRoute, handlers.revokeFeed)
  .openapi(routes.revokePortalAccessRoute, handlers.revokeAccess)
  .openapi(routes.restorePortalAccessRoute, handlers.restoreAccess);
