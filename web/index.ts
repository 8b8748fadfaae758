import type { Hono } from 'hono';
import type { AppEnv } from '../api/context.ts';
import { mountAssets } from './assets.ts';
import { errorPage } from './errors.tsx';
import { accessibilityPage } from './pages/accessibility.tsx';
import { calendarPage } from './pages/calendar.ts';
import { portalPages } from './pages/portal/portal.index.ts';
import { signInPages } from './pages/sign-in.tsx';
import { createWebRouter } from './web-router.ts';

/**
 * The client portal's pages, mounted by api/app.ts at /portail: shared assets, sign-in and
 * sign-out, the accessibility statement, the signed-in portal, and the French 404 page for
 * anything else under /portail. Other client-facing areas (signing page, online quote) build
 * their own `createWebRouter()` and are mounted beside it (docs/client-pages.md).
 */
export function createPortalWebApp(): Hono<AppEnv> {
  const web = createWebRouter();
  mountAssets(web as unknown as Hono<never>);
  web.route('/', signInPages);
  web.route('/', accessibilityPage);
  web.route('/', calendarPage);
  web.route('/', portalPages);
  web.all('*', (c) => errorPage(c, 'not_found'));
  return web as unknown as Hono<AppEnv>;
}
