import { Hono } from 'hono';
import { requirePortalSession } from '../../session.ts';
import type { WebEnv } from '../../web-env.ts';
import { documentsPage, downloadDocument } from './documents.tsx';
import { homePage } from './home.tsx';
import { answerRequest, downloadAnswerFile, requestPage, requestsPage } from './requests.tsx';
import { askForService, servicesPage } from './services.tsx';

/**
 * The signed-in portal pages (mounted under /portail): every one requires a session, and shows
 * only the contact's client; another client's ids are the 404 page.
 */
export const portalPages = new Hono<WebEnv>();
for (const area of ['/', '/demandes', '/demandes/*', '/documents', '/documents/*', '/prestations', '/prestations/*']) portalPages.use(area, requirePortalSession);
portalPages.get('/', homePage);
portalPages.get('/demandes', requestsPage);
portalPages.get('/demandes/:id', requestPage);
portalPages.post('/demandes/:id/reponse', answerRequest);
portalPages.get('/demandes/:id/reponses/:answerId/fichiers/:index', downloadAnswerFile);
portalPages.get('/documents', documentsPage);
portalPages.get('/documents/:id', downloadDocument);
portalPages.get('/prestations', servicesPage);
portalPages.post('/prestations', askForService);
