import { createRouter } from '../../../create-router.ts';
import * as handlers from './prospect-actions.handlers.ts';
import * as routes from './prospect-actions.routes.ts';

export const prospectActionsRouter = createRouter()
  .openapi(routes.listProspectActions, handlers.list)
  .openapi(routes.createProspectAction, handlers.create)
  .openapi(routes.getProspectAction, handlers.get)
  .openapi(routes.updateProspectAction, handlers.update)
  .openapi(routes.deleteProspectAction, handlers.remove)
  .openapi(routes.completeProspectAction, handlers.complete);
