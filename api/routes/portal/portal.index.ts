import { createRouter } from '../../create-router.ts';
import { idempotency } from '../../middleware/idempotency.ts';
import * as handlers from './portal.handlers.ts';
import { authenticatePortal } from './portal.middleware.ts';
import * as routes from './portal.routes.ts';

const router = createRouter();
router.use('/portal/*', authenticatePortal, idempotency);
router.openAPIRegistry.registerComponent('securitySchemes', 'portalToken', {
  type: 'http',
  scheme: 'bearer',
  description: 'A client contact’s portal token (issued by staff: POST /api/v1/clients/{id}/contacts/{contactId}/portal-token)',
});

/** Client-facing routes under /api/v1/portal: information requests and service requests of the token's client only. */
export const portalRouter = router
  .openapi(routes.getMe, handlers.me)
  .openapi(routes.listInformationRequests, handlers.listRequests)
  .openapi(routes.getInformationRequest, handlers.getRequest)
  .openapi(routes.answerInformationRequest, handlers.answer)
  .openapi(routes.createServiceRequest, handlers.createServiceRequest)
  .openapi(routes.listServiceRequests, handlers.listServiceRequests);
