import { createRouter } from '../../create-router.ts';
import * as handlers from './sales-orders.handlers.ts';
import * as routes from './sales-orders.routes.ts';

export const salesOrdersRouter = createRouter()
  .openapi(routes.listSalesOrders, handlers.list)
  .openapi(routes.getSalesOrder, handlers.get)
  .openapi(routes.createSalesOrder, handlers.create)
  .openapi(routes.deliverSalesOrder, handlers.deliver)
  .openapi(routes.cancelSalesOrder, handlers.cancel);
