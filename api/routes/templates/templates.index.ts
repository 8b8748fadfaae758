import { createRouter } from '../../create-router.ts';
import * as handlers from './templates.handlers.ts';
import * as routes from './templates.routes.ts';

/** The organisation's editable texts: engagement-letter paragraphs and email subjects and bodies. */
export const templatesRouter = createRouter()
  .openapi(routes.listTemplates, handlers.list)
  .openapi(routes.getTemplate, handlers.get)
  .openapi(routes.saveTemplate, handlers.save)
  .openapi(routes.resetTemplate, handlers.reset)
  .openapi(routes.previewTemplate, handlers.preview);
