import { createRouter } from '../../create-router.ts';
import * as categories from './categories.handlers.ts';
import * as categoryRoutes from './categories.routes.ts';
import * as services from './services.handlers.ts';
import * as serviceRoutes from './services.routes.ts';

export const catalogueRouter = createRouter()
  .openapi(categoryRoutes.listCategories, categories.list)
  .openapi(categoryRoutes.getCategory, categories.get)
  .openapi(categoryRoutes.createCategory, categories.create)
  .openapi(categoryRoutes.updateCategory, categories.update)
  .openapi(categoryRoutes.deleteCategory, categories.remove)
  .openapi(serviceRoutes.listServices, services.list)
  .openapi(serviceRoutes.getService, services.get)
  .openapi(serviceRoutes.createService, services.create)
  .openapi(serviceRoutes.updateService, services.update)
  .openapi(serviceRoutes.deleteService, services.remove)
  .openapi(serviceRoutes.archiveService, services.archive)
  .openapi(serviceRoutes.unarchiveService, services.unarchive);
