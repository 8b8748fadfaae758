import { createRouter } from '../../create-router.ts';
import * as handlers from './clients.handlers.ts';
import * as routes from './clients.routes.ts';

export const clientsRouter = createRouter()
  .openapi(routes.listClients, handlers.list)
  .openapi(routes.getClient, handlers.get)
  .openapi(routes.createClient, handlers.create)
  .openapi(routes.updateClient, handlers.update)
  .openapi(routes.deleteClient, handlers.remove)
  .openapi(routes.addContact, handlers.addContact)
  .openapi(routes.getContact, handlers.getContact)
  .openapi(routes.updateContact, handlers.updateContact)
  .openapi(routes.deleteContact, handlers.removeContact)
  .openapi(routes.issuePortalToken, handlers.issueToken)
  .openapi(routes.revokePortalToken, handlers.revokeToken);
