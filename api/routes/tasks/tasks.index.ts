import { createRouter } from '../../create-router.ts';
import * as handlers from './tasks.handlers.ts';
import * as routes from './tasks.routes.ts';

export const tasksRouter = createRouter()
  .openapi(routes.listTasks, handlers.list)
  .openapi(routes.getTask, handlers.get)
  .openapi(routes.createTask, handlers.create)
  .openapi(routes.updateTask, handlers.update)
  .openapi(routes.completeTask, handlers.complete)
  .openapi(routes.reopenTask, handlers.reopen);
