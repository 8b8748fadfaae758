import { createRouter } from '../../create-router.ts';
import * as handlers from './custom-fields.handlers.ts';
import * as routes from './custom-fields.routes.ts';
import { requireAdmin } from './require-admin.ts';

/** Custom fields per mission type (seed 000 step 2): administrators only, every route. */
export const customFieldsRouter = createRouter();
customFieldsRouter.use('/custom-fields', requireAdmin);
customFieldsRouter.use('/custom-fields/*', requireAdmin);
customFieldsRouter
  .openapi(routes.listCustomFieldsRoute, handlers.list)
  .openapi(routes.getCustomFieldRoute, handlers.get)
  .openapi(routes.createCustomFieldRoute, handlers.create)
  .openapi(routes.updateCustomFieldRoute, handlers.update)
  .openapi(routes.deleteCustomFieldRoute, handlers.remove);
