import { createRouter } from '../../create-router.ts';
import * as compliance from './compliance.handlers.ts';
import * as complianceRoutes from './compliance.routes.ts';
import * as handlers from './letters.handlers.ts';
import * as routes from './letters.routes.ts';

/** Letter models and the print set (seeds 000, 003), and the engagement letter of each mission. */
export const lettersRouter = createRouter()
  .openapi(routes.listLetterModelsRoute, handlers.listModels)
  .openapi(routes.createLetterModelRoute, handlers.createModel)
  .openapi(routes.updateLetterModelRoute, handlers.updateModel)
  .openapi(routes.printLetterModelRoute, handlers.printModel)
  .openapi(routes.getMissionLetterRoute, handlers.getLetter)
  .openapi(routes.saveMissionLetterRoute, handlers.saveLetter)
  .openapi(routes.previewMissionLetterRoute, handlers.previewLetter)
  .openapi(complianceRoutes.getFirmLegalInformationRoute, compliance.getLegalInformation)
  .openapi(complianceRoutes.saveFirmLegalInformationRoute, compliance.saveLegalInformation)
  .openapi(complianceRoutes.addFilRoute, compliance.addFil)
  .openapi(complianceRoutes.attachDocumentRoute, compliance.attach)
  .openapi(complianceRoutes.detachDocumentRoute, compliance.detach)
  .openapi(complianceRoutes.getClientAmlRoute, compliance.getAml)
  .openapi(complianceRoutes.saveClientAmlRoute, compliance.saveAml);
