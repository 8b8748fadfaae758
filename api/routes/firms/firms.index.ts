import { createRouter } from '../../create-router.ts';
import * as handlers from './firms.handlers.ts';
import * as routes from './firms.routes.ts';

export const firmsRouter = createRouter()
  .openapi(routes.listFirms, handlers.list)
  .openapi(routes.getFirm, handlers.get)
  .openapi(routes.createFirm, handlers.create)
  .openapi(routes.updateFirm, handlers.update)
  .openapi(routes.deleteFirm, handlers.remove);
