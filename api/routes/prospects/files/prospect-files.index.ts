import { createRouter } from '../../../create-router.ts';
import * as handlers from './prospect-files.handlers.ts';
import * as routes from './prospect-files.routes.ts';

export const prospectFilesRouter = createRouter()
  .openapi(routes.listProspectFiles, handlers.list)
  .openapi(routes.createProspectFile, handlers.create)
  .openapi(routes.getProspectFile, handlers.get)
  .openapi(routes.updateProspectFile, handlers.update)
  .openapi(routes.deleteProspectFile, handlers.remove)
  .openapi(routes.markFileSigned, handlers.markSigned)
  .openapi(routes.markFileLost, handlers.markLost);
