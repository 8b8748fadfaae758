import { createRouter } from '../../create-router.ts';
import * as handlers from './outbox.handlers.ts';
import * as routes from './outbox.routes.ts';

/** What the local outbox recorded instead of sending (admin): emails with their .eml files, SMS. */
export const outboxRouter = createRouter()
  .openapi(routes.listOutboxEmails, handlers.listEmails)
  .openapi(routes.getOutboxEmail, handlers.getEmail)
  .openapi(routes.downloadOutboxEml, handlers.downloadEml)
  .openapi(routes.listOutboxSms, handlers.listSms);
