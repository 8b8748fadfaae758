import { createRouter } from '../../../create-router.ts';
import * as handlers from './prospect-reasons.handlers.ts';
import * as routes from './prospect-reasons.routes.ts';

export const prospectReasonsRouter = createRouter()
  .openapi(routes.listReasons, handlers.list)
  .openapi(routes.createReason, handlers.create)
  .openapi(routes.getReason, handlers.get)
  .openapi(routes.updateReason, handlers.update)
  .openapi(routes.archiveReason, handlers.remove);
