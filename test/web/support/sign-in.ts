import type { App } from '../../../api/app.ts';
import type { Db } from '../../../db/client.ts';
import { issueSignInLink } from '../../../domain/portal/issue-sign-in-link.ts';
import { hiddenField, pageClient, type PageClient } from './page-client.ts';

/** A browser signed in as the contact through a magic link (issued directly: tests of other pages). */
export async function signedInBrowser(app: App, db: Db, contact: { organisationId: string; id: string }): Promise<PageClient> {
  const link = await issueSignInLink(db, { organisationId: contact.organisationId, contactId: contact.id }, { publicBaseUrl: 'http://localhost:3000' });
  const browser = pageClient(app);
  const confirm = await browser.get(new URL(link.url).pathname + new URL(link.url).search);
  const signedIn = await browser.postForm('/portail/connexion/lien', { jeton: hiddenField(confirm.html, 'jeton')! });
  if (signedIn.status !== 303) throw new Error(`sign-in failed: ${signedIn.status}`);
  return browser;
}
