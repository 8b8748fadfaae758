import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { createBodyLimit } from '../api/middleware/body-limit.ts';
import { csrf } from './csrf.ts';
import { WebError, webErrorHandler } from './errors.tsx';
import type { WebEnv } from './web-env.ts';

/**
 * A router of client-facing pages with the framework's guarantees: strict security headers (a
 * Content-Security-Policy without inline code, no framing, no referrer leaking tokens), CSRF
 * protection on every non-GET request, and French error pages instead of JSON. Each area (portal,
 * signing page, online quote) builds its router with this and is mounted by web/index.ts.
 */
export function createWebRouter(): Hono<WebEnv> {
  const router = new Hono<WebEnv>();
  router.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: 'same-origin',
      crossOriginEmbedderPolicy: false,
    }),
    // The API's limits (bodies cut while streaming, multipart spooled to disk), before the CSRF
    // check parses the body; over them, the French 413 page.
    createBodyLimit(() => {
      throw new WebError(413, 'too_large');
    }) as never,
    csrf,
  );
  router.onError(webErrorHandler);
  return router;
}
