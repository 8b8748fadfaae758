import { createRouter } from '../../create-router.ts';
import * as handlers from './offices.handlers.ts';
import * as routes from './offices.routes.ts';

export const officesRouter = createRouter()
  .openapi(routes.listOffices, handlers.list)
  .openapi(routes.getOffice, handlers.get)
  .openapi(routes.createOffice, handlers.create)
  .openapi(routes.updateOffice, handlers.update)
  .openapi(routes.deleteOffice, handlers.remove);
