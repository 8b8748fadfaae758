import { Scalar } from '@scalar/hono-api-reference';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { AppError } from '../domain/errors.ts';
import type { AppDeps } from './context.ts';
import { createRouter } from './create-router.ts';
import { authenticate } from './middleware/authenticate.ts';
import { bodyLimit, PayloadTooLargeError, payloadTooLarge } from './middleware/body-limit.ts';
import { idempotency } from './middleware/idempotency.ts';
import { authFailureRateLimit, clientPageRateLimit, clientRateLimit } from './middleware/rate-limit.ts';
import { requestLog } from './middleware/request-log.ts';
import { appErrorResponse, problem } from './problem.ts';
import { databaseInputError, isDatabaseConflict } from './database-input-error.ts';
import { isTemporalUnreachable, RETRY_AFTER_SECONDS } from './service-unavailable.ts';
import { catalogueRouter } from './routes/catalogue/catalogue.index.ts';
import { clientsRouter } from './routes/clients/clients.index.ts';
import { devRouter } from './routes/dev/dev.index.ts';
import { documentsRouter } from './routes/documents/documents.index.ts';
import { firmsRouter } from './routes/firms/firms.index.ts';
import { healthRouter } from './routes/health/health.index.ts';
import { historyRouter } from './routes/history/history.index.ts';
import { invoicesRouter } from './routes/invoices/invoices.index.ts';
import { informationRequestsRouter } from './routes/information-requests/information-requests.index.ts';
import { missionsRouter } from './routes/missions/missions.index.ts';
import { officesRouter } from './routes/offices/offices.index.ts';
import { outboxRouter } from './routes/outbox/outbox.index.ts';
import { portalAdminRouter } from './routes/portal-admin/portal-admin.index.ts';
import { portalDocumentsRouter } from './routes/portal-documents/portal-documents.index.ts';
import { portalRouter } from './routes/portal/portal.index.ts';
import { prospectsRouter } from './routes/prospects/prospects.index.ts';
import { salesOrdersRouter } from './routes/sales-orders/sales-orders.index.ts';
import { tasksRouter } from './routes/tasks/tasks.index.ts';
import { templatesRouter } from './routes/templates/templates.index.ts';
import { usersRouter } from './routes/users/users.index.ts';
import { customFieldsRouter } from './routes/custom-fields/custom-fields.index.ts';
import { lettersRouter } from './routes/letters/letters.index.ts';
import { signatureRouter } from './routes/signature/signature.index.ts';
import { quotesRouter } from './routes/quotes/quotes.index.ts';
import { yousignWebhookRouter } from './routes/signature/yousign-webhook.handler.ts';
import { createPortalWebApp } from '../web/index.ts';
import { createSigningWebApp } from '../web/pages/sign/signing-pages.tsx';
import { createQuoteWebApp } from '../web/pages/quote/quote-pages.tsx';

/** Routers mounted under /api/v1 behind staff authentication. Feature issues add theirs here. */
const staffRouters = [firmsRouter, officesRouter, usersRouter, historyRouter, catalogueRouter, clientsRouter, tasksRouter, informationRequestsRouter, templatesRouter, outboxRouter, missionsRouter, prospectsRouter, documentsRouter, portalAdminRouter, salesOrdersRouter, invoicesRouter, customFieldsRouter, lettersRouter, signatureRouter, quotesRouter];

/**
 * Client-facing requests that send an email or an SMS, or write: rate-limited per IP and per token
 * or session (429 + Retry-After), before their routers (and before CSRF and body parsing).
 */
const CLIENT_LIMITED_PAGE_POSTS = ['/portail/connexion', '/portail/connexion/lien', '/portail/demandes/:id/reponse', '/portail/prestations', '/signature/:token', '/signature/:token/code', '/devis/:token/options', '/devis/:token/signer', '/devis/:token/accepter', '/devis/:token/refuser', '/devis/:token/avis'];
const CLIENT_LIMITED_API_POSTS = ['/api/v1/portal/information-requests/:id/answers', '/api/v1/portal/service-requests'];

/** Builds the HTTP application over its dependencies; main.ts serves it, tests call `app.request`. */
export function createApp(deps: AppDeps) {
  const app = createRouter();

  app.use('*', requestId(), async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use('*', requestLog);
  app.route('/', healthRouter);
  app.on('POST', CLIENT_LIMITED_PAGE_POSTS, clientPageRateLimit);
  app.on('POST', CLIENT_LIMITED_API_POSTS, clientRateLimit);
  // Authentication failures (401) on the API, per IP and per token: counted around both the staff
  // and the portal token checks.
  app.use('/api/v1/*', authFailureRateLimit);
  // Client-facing pages (French HTML, cookie sessions, CSRF): web/. Mounted before the API's body
  // limit because their router applies the same limit itself, answering its French 413 page.
  app.route('/portail', createPortalWebApp());
  app.route('/signature', createSigningWebApp() as never);
  app.route('/devis', createQuoteWebApp() as never);
  // Before anything reads a body: every route's body is cut at its limit while streaming.
  app.use('*', bodyLimit);

  app.use('/api/v1/*', authenticate, idempotency);
  for (const router of staffRouters) app.route('/api/v1', router);
  // Client-facing: the portal router authenticates its own per-contact tokens (staff auth skips /api/v1/portal/).
  app.route('/api/v1', portalRouter);
  app.route('/api/v1', portalDocumentsRouter);
  // E-signature provider webhooks authenticate by HMAC (staff auth skips /api/v1/webhooks/).
  app.route('/api/v1', yousignWebhookRouter);
  // The clock endpoints exist only on the time-skipping dev server, never against a real cluster.
  if (deps.devClock) app.route('/api/v1', devRouter);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Échéance API',
      version: '1.0.0',
      description: 'Back office for French professional firms. Errors are RFC 9457 problem+json documents.',
    },
    servers: [{ url: deps.config.PUBLIC_BASE_URL }],
    security: [{ bearer: [] }],
  });
  app.get('/api/docs', Scalar({ url: '/api/openapi.json', pageTitle: 'Échéance API' }));

  app.notFound((c) => problem(c, 404, `No route for ${c.req.method} ${c.req.path}`, { code: 'not_found' }));
  app.onError((error, c) => {
    if (error instanceof AppError) {
      const response = appErrorResponse(c, error);
      if (response.status === 503) response.headers.set('Retry-After', String(RETRY_AFTER_SECONDS));
      return response;
    }
    if (isTemporalUnreachable(error)) {
      deps.logger.warn({ err: error, requestId: c.get('requestId'), path: c.req.path }, 'Temporal unreachable');
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      return problem(c, 503, 'Temporal, which runs the workflows, cannot be reached; retry later', { code: 'unavailable', reason: 'temporal_unreachable' });
    }
    const input = databaseInputError(error);
    if (input) deps.logger.warn({ err: error, requestId: c.get('requestId'), path: c.req.path }, 'database refused a request value the validation edge let through');
    if (input) return problem(c, 400, 'The request has a value the database cannot store', { code: 'invalid_input', errors: [input] });
    if (isDatabaseConflict(error)) {
      deps.logger.warn({ err: error, requestId: c.get('requestId'), path: c.req.path }, 'database constraint refused the request');
      return problem(c, 409, 'The request conflicts with the current state (another record depends on it, or it already exists)', { code: 'conflict' });
    }
    if (error instanceof PayloadTooLargeError) return payloadTooLarge(c, error);
    if (error instanceof HTTPException && error.status < 500) {
      return problem(c, error.status, error.message || 'Bad request', { code: 'invalid_input', errors: [{ field: '(root)', location: 'body', message: error.message }] });
    }
    deps.logger.error({ err: error, requestId: c.get('requestId'), path: c.req.path }, 'unhandled error');
    return problem(c, 500, 'An unexpected error occurred; it has been logged', { requestId: c.get('requestId') });
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
