import { createRouter } from '../../create-router.ts';
import * as handlers from './documents.handlers.ts';
import * as routes from './documents.routes.ts';

/** The client document store (GED), for staff: folders per client, versioned documents. */
export const documentsRouter = createRouter()
  .openapi(routes.listFolders, handlers.listClientFolders)
  .openapi(routes.createFolder, handlers.create)
  .openapi(routes.getFolder, handlers.get)
  .openapi(routes.updateFolder, handlers.update)
  .openapi(routes.deleteFolder, handlers.remove)
  .openapi(routes.uploadDocument, handlers.upload)
  .openapi(routes.getDocument, handlers.getOne)
  .openapi(routes.listDocumentVersions, handlers.versions)
  .openapi(routes.downloadDocument, handlers.download)
  .openapi(routes.moveDocument, handlers.move)
  .openapi(routes.deleteDocument, handlers.removeDocument);
