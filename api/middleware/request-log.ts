import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';

/** One structured JSON log line per request, tagged with its request id and organisation. */
export const requestLog: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = performance.now();
  await next();
  c.get('deps').logger.info(
    {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round(performance.now() - started),
      organisationId: c.get('caller')?.organisationId,
    },
    'request',
  );
};
