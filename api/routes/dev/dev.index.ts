import { createRouter } from '../../create-router.ts';
import * as handlers from './dev.handlers.ts';
import * as routes from './dev.routes.ts';

/**
 * Development endpoints, mounted only when the service runs on the time-skipping dev server
 * (`deps.devClock`): they do not exist against a real Temporal cluster.
 */
export const devRouter = createRouter().openapi(routes.getClock, handlers.getClock).openapi(routes.advanceClock, handlers.advanceClock);
