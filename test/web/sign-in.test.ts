import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseOutboxStore } from '../../adapters/email/database-outbox-store.ts';
import { OutboxEmailSender } from '../../adapters/email/outbox-email-sender.ts';
import type { App } from '../../api/app.ts';
import { parseConfig } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { portalSignInLinks } from '../../db/schema/index.ts';
import { issueSignInLink } from '../../domain/portal/issue-sign-in-link.ts';
import { revokePortalAccess } from '../../domain/portal/revoke-portal-access.ts';
import { adminActor } from '../support/seed-catalogue.ts';
import { seedClient } from '../support/seed-clients.ts';
import { seedOrganisation, type SeededOrganisation } from '../support/seed.ts';
import { createTestApp } from '../support/test-app.ts';
import { createTestDatabase } from '../support/test-database.ts';
import { hiddenField, latestEmailTo, linkIn, pageClient } from './support/page-client.ts';

let database: Database;
let app: App;
let acme: SeededOrganisation;

beforeAll(async () => {
  database = await createTestDatabase();
  const emailSender = new OutboxEmailSender({ store: new DatabaseOutboxStore(database.db), directory: mkdtempSync(join(tmpdir(), 'echeance-web-')) });
  app = createTestApp(database, { emailSender });
  acme = await seedOrganisation(database.db, 'Acme');
});
afterAll(async () => {
  await database?.close();
});

/** Asks for a link on the sign-in page and returns the one emailed to `address`. */
async function emailedLink(address: string, suite?: string): Promise<{ browser: ReturnType<typeof pageClient>; link: string }> {
  const browser = pageClient(app);
  const form = await browser.get(`/portail/connexion${suite ? `?suite=${encodeURIComponent(suite)}` : ''}`);
  expect(form.status).toBe(200);
  const sent = await browser.postForm('/portail/connexion', { email: address.toUpperCase(), suite: hiddenField(form.html, 'suite')! });
  expect(sent.status).toBe(200);
  expect(sent.html).toContain('Vérifiez votre messagerie');
  const email = await latestEmailTo(database.db, address, 'portal-sign-in');
  return { browser, link: linkIn(email!.text, 'http://localhost:3000/portail/connexion/lien?jeton=') };
}

describe('magic-link sign-in', () => {
  it('signs a contact in from the emailed link, with an HttpOnly SameSite session cookie, and lands on the page they wanted', async () => {
    await seedClient(database.db, acme);
    const { browser, link } = await emailedLink('claire@boulangerie-martin.test', '/portail/demandes');
    const path = link.replace('http://localhost:3000', '');

    const confirm = await browser.get(path);
    expect(confirm.status).toBe(200);
    expect(confirm.html).toContain('Accéder à mon espace');
    expect(confirm.html).toContain('Acme Expertise');

    const signedIn = await browser.postForm('/portail/connexion/lien', { jeton: hiddenField(confirm.html, 'jeton')! });
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe('/portail/demandes');
    const cookie = signedIn.headers.getSetCookie().find((line) => line.startsWith('ech_portail='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // PUBLIC_BASE_URL is http://localhost

    const home = await browser.get('/portail');
    expect(home.status).toBe(200);
    expect(home.html).toContain('Bonjour Claire Martin');
    expect(home.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('marks the session cookie Secure when the service is not on localhost', async () => {
    const client = await seedClient(database.db, acme, { name: 'Garage Secure', contacts: [{ firstName: 'Sam', lastName: 'Secure', email: 'sam@garage.test', isPreferred: true }] });
    const httpsApp = createTestApp(database, { config: parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_BASE_URL: 'https://portail.cabinet.test' }) });
    const link = await issueSignInLink(database.db, { organisationId: acme.organisationId, contactId: client.contacts[0]!.id }, { publicBaseUrl: 'https://portail.cabinet.test' });
    const browser = pageClient(httpsApp);
    const confirm = await browser.get(link.url.replace('https://portail.cabinet.test', ''));
    const signedIn = await browser.postForm('/portail/connexion/lien', { jeton: hiddenField(confirm.html, 'jeton')! });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.getSetCookie().find((line) => line.startsWith('ech_portail='))).toMatch(/; Secure/i);
  });

  it('shows a French error page for a forged, an expired and a reused link', async () => {
    const client = await seedClient(database.db, acme, { name: 'Café Errant', contacts: [{ firstName: 'Eva', lastName: 'Errant', email: 'eva@cafe.test', isPreferred: true }] });
    const contactId = client.contacts[0]!.id;
    const browser = pageClient(app);

    const forged = await browser.get('/portail/connexion/lien?jeton=ecl_forgedforgedforgedforgedforgedforgedforge');
    expect(forged.status).toBe(404);
    expect(forged.html).toContain('Lien invalide');
    expect(forged.headers.get('content-type')).toContain('text/html');

    const old = await issueSignInLink(database.db, { organisationId: acme.organisationId, contactId }, { publicBaseUrl: 'http://localhost:3000', now: new Date(Date.now() - 21 * 60_000) });
    const expired = await browser.get(old.url.replace('http://localhost:3000', ''));
    expect(expired.status).toBe(410);
    expect(expired.html).toContain('Lien expiré');
    const expiredPost = await browser.postForm('/portail/connexion/lien', { jeton: new URL(old.url).searchParams.get('jeton')! });
    expect(expiredPost.html).toContain('Lien expiré');

    const fresh = await issueSignInLink(database.db, { organisationId: acme.organisationId, contactId }, { publicBaseUrl: 'http://localhost:3000' });
    const token = new URL(fresh.url).searchParams.get('jeton')!;
    await browser.get(fresh.url.replace('http://localhost:3000', ''));
    expect((await browser.postForm('/portail/connexion/lien', { jeton: token })).status).toBe(303);
    const reused = await pageClient(app).get(fresh.url.replace('http://localhost:3000', ''));
    expect(reused.status).toBe(410);
    expect(reused.html).toContain('Lien déjà utilisé');
    const other = pageClient(app);
    await other.get('/portail/connexion');
    const reusedPost = await other.postForm('/portail/connexion/lien', { jeton: token });
    expect(reusedPost.status).toBe(410);
    expect(other.jar.has('ech_portail')).toBe(false);
  });

  it('refuses a form without its CSRF token with a 403 page, and uses nothing', async () => {
    const client = await seedClient(database.db, acme, { name: 'Forge SA', contacts: [{ firstName: 'Fred', lastName: 'Forge', email: 'fred@forge.test', isPreferred: true }] });
    const link = await issueSignInLink(database.db, { organisationId: acme.organisationId, contactId: client.contacts[0]!.id }, { publicBaseUrl: 'http://localhost:3000' });
    const browser = pageClient(app);
    await browser.get(link.url.replace('http://localhost:3000', ''));
    const token = new URL(link.url).searchParams.get('jeton')!;
    for (const csrf of [undefined, 'x'.repeat(43)]) {
      const refused = await browser.postForm('/portail/connexion/lien', { jeton: token, ...(csrf ? { _csrf: csrf } : {}) }, { csrf: false });
      expect(refused.status).toBe(403);
      expect(refused.html).toContain('Formulaire expiré');
    }
    const [row] = await database.db.select().from(portalSignInLinks).where(eq(portalSignInLinks.contactId, client.contacts[0]!.id));
    expect(row!.usedAt).toBeNull();
    expect((await browser.postForm('/portail/connexion/lien', { jeton: token })).status).toBe(303);
  });

  it('signs out: the session cookie no longer opens a page', async () => {
    const client = await seedClient(database.db, acme, { name: 'Sortie SARL', contacts: [{ firstName: 'Sacha', lastName: 'Sortie', email: 'sacha@sortie.test', isPreferred: true }] });
    const link = await issueSignInLink(database.db, { organisationId: acme.organisationId, contactId: client.contacts[0]!.id }, { publicBaseUrl: 'http://localhost:3000' });
    const browser = pageClient(app);
    const confirm = await browser.get(link.url.replace('http://localhost:3000', ''));
    await browser.postForm('/portail/connexion/lien', { jeton: hiddenField(confirm.html, 'jeton')! });
    const session = browser.jar.get('ech_portail')!;
    const out = await browser.postForm('/portail/deconnexion', {});
    expect(out.status).toBe(303);
    expect(out.location).toBe('/portail/connexion?deconnecte=1');
    const replay = pageClient(app);
    replay.jar.set('ech_portail', session);
    const after = await replay.get('/portail');
    expect(after.status).toBe(303);
    expect(after.location).toBe('/portail/connexion');
  });

  it('shows a revoked contact the 404 page, signs them out and refuses them a link', async () => {
    const client = await seedClient(database.db, acme, { name: 'Révoqué SAS', contacts: [{ firstName: 'Rémi', lastName: 'Révoqué', email: 'remi@revoque.test', isPreferred: true }] });
    const contactId = client.contacts[0]!.id;
    const link = await issueSignInLink(database.db, { organisationId: acme.organisationId, contactId }, { publicBaseUrl: 'http://localhost:3000' });
    const browser = pageClient(app);
    const confirm = await browser.get(link.url.replace('http://localhost:3000', ''));
    await browser.postForm('/portail/connexion/lien', { jeton: hiddenField(confirm.html, 'jeton')! });
    expect((await browser.get('/portail')).status).toBe(200);

    await revokePortalAccess(database.db, adminActor(acme), client.id, contactId);
    const after = await browser.get('/portail');
    expect(after.status).toBe(404);
    expect(after.html).toContain('Page introuvable');
    expect(browser.jar.has('ech_portail')).toBe(false);
    const unused = await issueSignInLink(database.db, { organisationId: acme.organisationId, contactId }, { publicBaseUrl: 'http://localhost:3000' });
    expect((await pageClient(app).get(unused.url.replace('http://localhost:3000', ''))).status).toBe(404);
  });

  it('answers unknown client pages with the French 404 page, not JSON', async () => {
    const response = await pageClient(app).get('/portail/nulle-part');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.html).toContain('Page introuvable');
    expect(response.html).toContain('lang="fr"');
  });

  it('keeps the API outside the pages’ CSRF and session rules', async () => {
    const response = await app.request('/api/v1/me', { headers: { Authorization: `Bearer ${acme.adminToken}` } });
    expect(response.status).toBe(200);
    const post = await app.request('/api/v1/catalogue/categories', { method: 'POST', headers: { Authorization: `Bearer ${acme.adminToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Paie' }) });
    expect(post.status).toBe(201);
  });
});
