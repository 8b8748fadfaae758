import { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';

async function check(probe: () => Promise<void>): Promise<{ ok: boolean; error?: string }> {
  try {
    await probe();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Liveness (the process answers) and readiness (database and Temporal reachable). */
export const healthRouter = new Hono<AppEnv>()
  .get('/healthz', (c) => c.json({ status: 'ok' }))
  .get('/readyz', async (c) => {
    const { database, temporal } = c.get('deps');
    const [db, temporalCheck] = await Promise.all([
      check(() => database.ping()),
      temporal ? check(() => temporal.ping()) : Promise.resolve({ ok: false, error: 'no Temporal client configured' }),
    ]);
    const ready = db.ok && temporalCheck.ok;
    return c.json({ status: ready ? 'ready' : 'not ready', checks: { database: db, temporal: temporalCheck } }, ready ? 200 : 503);
  });
