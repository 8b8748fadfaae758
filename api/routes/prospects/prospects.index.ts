import { createRouter } from '../../create-router.ts';
import { prospectActionsRouter } from './actions/prospect-actions.index.ts';
import { prospectContactsRouter } from './contacts/prospect-contacts.index.ts';
import { prospectFilesRouter } from './files/prospect-files.index.ts';
import * as handlers from './prospects.handlers.ts';
import * as routes from './prospects.routes.ts';
import { prospectReasonsRouter } from './reasons/prospect-reasons.index.ts';

/** The prospect pipeline: prospects, their contacts, files, follow-up actions, and the reason lists. */
export const prospectsRouter = createRouter()
  .openapi(routes.searchProspects, handlers.search)
  // Before /prospects/{id}, whose id must be a uuid.
  .openapi(routes.exportProspects, handlers.exportXlsx)
  .openapi(routes.getProspect, handlers.get)
  .openapi(routes.createProspect, handlers.create)
  .openapi(routes.updateProspect, handlers.update)
  .openapi(routes.getProspectHistory, handlers.history)
  .route('/', prospectContactsRouter)
  .route('/', prospectFilesRouter)
  .route('/', prospectActionsRouter)
  .route('/', prospectReasonsRouter);
