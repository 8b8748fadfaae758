import { createRouter } from '../../create-router.ts';
import * as handlers from './signature.handlers.ts';
import * as routes from './signature.routes.ts';

/** Sending a mission's letter for signature and following it, following a quote's (staff). The webhooks and signing pages are mounted apart. */
export const signatureRouter = createRouter()
  .openapi(routes.sendLetterForSignatureRoute, handlers.send)
  .openapi(routes.getLetterSignatureRoute, handlers.get)
  .openapi(routes.getQuoteSignatureRoute, handlers.getForQuote)
  .openapi(routes.getFirmSignatureSettingsRoute, handlers.getSettings)
  .openapi(routes.saveFirmSignatureSettingsRoute, handlers.saveSettings);
