import { Hono } from 'hono';
import { requirePortalSession } from '../../session.ts';
import type { WebEnv } from '../../web-env.ts';
import { homePage } from './home.tsx';

/**
 * The signed-in portal pages (mounted under /portail): every one requires a session, and shows
 * only the contact's client.
 */
export const portalPages = new Hono<WebEnv>();
for (const area of ['/', '/demandes', '/demandes/*', '/documents', '/documents/*', '/prestations', '/prestations/*']) portalPages.use(area, requirePortalSession);
portalPages.get('/', homePage);
