import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { answerFileRules } from '../domain/portal/answer-file-rules.ts';
import { csrf } from './csrf.ts';
import { WebError, webErrorHandler } from './errors.tsx';
import type { WebEnv } from './web-env.ts';

/** The largest request body a page accepts: an answer's files at their stated total, and 1 MB of form fields. */
export const WEB_BODY_LIMIT = answerFileRules.maxTotalBytes + 1024 * 1024;

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
    // Before the CSRF check, which parses the body: the largest form is an answer's files, plus its text.
    bodyLimit({ maxSize: WEB_BODY_LIMIT, onError: () => { throw new WebError(413, 'too_large'); } }),
    csrf,
  );
  router.onError(webErrorHandler);
  return router;
}
