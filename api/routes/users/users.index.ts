import { createRouter } from '../../create-router.ts';
import * as handlers from './users.handlers.ts';
import * as routes from './users.routes.ts';

export const usersRouter = createRouter()
  .openapi(routes.getMe, handlers.me)
  .openapi(routes.listUsers, handlers.list)
  .openapi(routes.getUser, handlers.get)
  .openapi(routes.createUser, handlers.create)
  .openapi(routes.updateUser, handlers.update)
  .openapi(routes.deactivateUser, handlers.deactivate)
  .openapi(routes.createToken, handlers.issueToken);
