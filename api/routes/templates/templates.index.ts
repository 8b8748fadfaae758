import { createRouter } from '../../create-router.ts';
import { previewRateLimit } from '../../middleware/rate-limit.ts';
import * as handlers from './templates.handlers.ts';
import * as routes from './templates.routes.ts';

/** The organisation's editable texts: engagement-letter paragraphs and email subjects and bodies. */
const router = createRouter();
// Previews run templates in the CPU-limited pool: each staff user gets RATE_LIMIT_PREVIEWS_PER_USER a window.
router.post('/templates/:kind/preview', previewRateLimit);

export const templatesRouter = router
  .openapi(routes.listTemplates, handlers.list)
  .openapi(routes.getTemplate, handlers.get)
  .openapi(routes.saveTemplate, handlers.save)
  .openapi(routes.resetTemplate, handlers.reset)
  .openapi(routes.previewTemplate, handlers.preview);
