import type { RouteHandler } from '@hono/zod-openapi';
import { AppError } from '../../../domain/errors.ts';
import type { AppDeps, AppEnv } from '../../context.ts';
import type * as routes from './dev.routes.ts';

function devClockOf(deps: AppDeps) {
  // The router is only mounted with a dev clock; this guards a mis-wiring.
  if (!deps.devClock) throw new AppError('not_found', 'No development clock: connected to a real Temporal cluster');
  return deps.devClock;
}

export const getClock: RouteHandler<typeof routes.getClock, AppEnv> = async (c) => {
  return c.json({ now: await devClockOf(c.get('deps')).now() }, 200);
};

export const advanceClock: RouteHandler<typeof routes.advanceClock, AppEnv> = async (c) => {
  const { days, hours, minutes } = c.req.valid('json');
  const advancedMs = ((days * 24 + hours) * 60 + minutes) * 60_000;
  const { now } = await devClockOf(c.get('deps')).advance(advancedMs);
  return c.json({ now, advancedMs }, 200);
};
