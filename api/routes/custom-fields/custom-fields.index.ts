import { createRouter } from '../../create-router.ts';
import * as handlers from './custom-fields.handlers.ts';
import * as routes from './custom-fields.routes.ts';

/** Custom fields per mission type (seed 000 step 2): administrators only, every route (`requires: 'admin'`). */
export const customFieldsRouter = createRouter();
customFieldsRouter
  .openapi(routes.listCustomFieldsRoute, handlers.list)
  .openapi(routes.getCustomFieldRoute, handlers.get)
  .openapi(routes.createCustomFieldRoute, handlers.create)
  .openapi(routes.updateCustomFieldRoute, handlers.update)
  .openapi(routes.deleteCustomFieldRoute, handlers.remove);
