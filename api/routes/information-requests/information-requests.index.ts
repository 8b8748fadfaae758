import { createRouter } from '../../create-router.ts';
import * as handlers from './information-requests.handlers.ts';
import * as routes from './information-requests.routes.ts';

export const informationRequestsRouter = createRouter()
  .openapi(routes.listInformationRequests, handlers.list)
  .openapi(routes.getInformationRequest, handlers.get)
  .openapi(routes.createInformationRequest, handlers.create)
  .openapi(routes.closeInformationRequest, handlers.close)
  .openapi(routes.reopenInformationRequest, handlers.reopen)
  .openapi(routes.downloadAnswerFile, handlers.download);
