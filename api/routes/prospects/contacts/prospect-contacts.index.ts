import { createRouter } from '../../../create-router.ts';
import * as handlers from './prospect-contacts.handlers.ts';
import * as routes from './prospect-contacts.routes.ts';

export const prospectContactsRouter = createRouter()
  .openapi(routes.listProspectContacts, handlers.list)
  .openapi(routes.addProspectContact, handlers.add)
  .openapi(routes.linkProspectContact, handlers.link)
  .openapi(routes.unlinkProspectContact, handlers.unlink)
  .openapi(routes.setPreferredContact, handlers.prefer)
  .openapi(routes.searchContacts, handlers.search)
  .openapi(routes.getContact, handlers.get)
  .openapi(routes.updateContact, handlers.update)
  .openapi(routes.deleteContact, handlers.remove)
  .openapi(routes.downloadVCard, handlers.vcard);
