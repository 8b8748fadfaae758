import { Hono } from 'hono';
import { calendarFeed } from '../../domain/portal/calendar-feed.ts';
import { WebError } from '../errors.tsx';
import type { WebEnv } from '../web-env.ts';

/** The private calendar feed of a contact (`/portail/calendrier/<secret>.ics`): no session, the secret is the key. */
export const calendarPage = new Hono<WebEnv>().get('/calendrier/:file', async (c) => {
  const secret = c.req.param('file').replace(/\.ics$/, '');
  const deps = c.get('deps');
  const body = await calendarFeed(deps.database.db, secret, deps.config.PUBLIC_BASE_URL);
  if (body === null) throw new WebError(404, 'not_found');
  return c.body(body, 200, { 'Content-Type': 'text/calendar; charset=utf-8', 'Cache-Control': 'private, max-age=900', 'Content-Disposition': 'inline; filename="echeances.ics"' });
});
