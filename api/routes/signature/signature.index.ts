import { createRouter } from '../../create-router.ts';
import * as handlers from './signature.handlers.ts';
import * as routes from './signature.routes.ts';

/** Sending a mission's letter for signature and following it (staff). The webhooks and signing pages are mounted apart. */
export const signatureRouter = createRouter()
  .openapi(routes.sendLetterForSignatureRoute, handlers.send)
  .openapi(routes.getLetterSignatureRoute, handlers.get)
  .openapi(routes.getFirmSignatureSettingsRoute, handlers.getSettings)
  .openapi(routes.saveFirmSignatureSettingsRoute, handlers.saveSettings);
