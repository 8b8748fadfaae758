/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { z } from 'zod';
import { checkSignInLink, consumeSignInLink, type SignInLinkRefusal } from '../../domain/portal/consume-sign-in-link.ts';
import { endPortalSession } from '../../domain/portal/portal-sessions.ts';
import { findPortalBranding } from '../../domain/portal/find-portal-branding.ts';
import { safeRedirectPath, SIGN_IN_LINK_PATH } from '../../domain/portal/issue-sign-in-link.ts';
import { sendSignInLinks } from '../../domain/portal/send-sign-in-links.ts';
import { errorPage, WebError, type WebErrorKind } from '../errors.tsx';
import { CsrfField, Layout } from '../layout.tsx';
import { renderPage } from '../render.ts';
import { clearPortalSession, currentPortalSession, startPortalSession } from '../session.ts';
import type { WebEnv } from '../web-env.ts';

const anonymous = { name: 'Espace client', logoDataUrl: null };
const refusalPage: Record<SignInLinkRefusal, WebErrorKind> = { forged: 'link_forged', revoked: 'link_forged', expired: 'link_expired', used: 'link_used' };
const emailSchema = z.email();

/** Sign-in (ask for a magic link by email, confirm the link, open the session) and sign-out. */
export const signInPages = new Hono<WebEnv>();

signInPages.get('/connexion', async (c) => {
  const suite = safeRedirectPath(c.req.query('suite'));
  if (await currentPortalSession(c)) return c.redirect(suite, 303);
  return renderPage(c, <SignInForm csrfToken={c.get('csrfToken')} suite={suite} signedOut={c.req.query('deconnecte') === '1'} />);
});

signInPages.post('/connexion', async (c) => {
  const form = await c.req.parseBody();
  const suite = safeRedirectPath(typeof form.suite === 'string' ? form.suite : undefined);
  const email = typeof form.email === 'string' ? form.email.trim() : '';
  if (!emailSchema.safeParse(email).success) {
    return renderPage(c, <SignInForm csrfToken={c.get('csrfToken')} suite={suite} email={email} error="Saisissez une adresse e-mail valide, par exemple nom@exemple.fr." />, 400);
  }
  const { database, emailSender, config } = c.get('deps');
  if (!emailSender) throw new WebError(503, 'unavailable');
  await sendSignInLinks({ db: database.db, emailSender, from: config.EMAIL_FROM, publicBaseUrl: config.PUBLIC_BASE_URL }, { email, redirectPath: suite });
  return renderPage(
    c,
    <Layout title="Vérifiez votre messagerie" branding={anonymous} csrfToken={c.get('csrfToken')}>
      <h1>Vérifiez votre messagerie</h1>
      <p class="notice notice-ok" role="status">
        Si l’adresse {email} est celle d’un contact de votre cabinet, un lien de connexion vient de lui être envoyé. Il fonctionne une seule fois, pendant 20 minutes.
      </p>
      <p>
        Rien reçu ? Vérifiez vos courriers indésirables, ou <a href="/portail/connexion">demandez un nouveau lien</a>.
      </p>
    </Layout>,
  );
});

/**
 * The magic link opens a confirmation page rather than signing in at once: mail scanners and link
 * previews fetch links, and would otherwise use up the single-use link before the person clicks.
 * The link is checked (forged, expired, used → error page) but only the button's POST uses it.
 */
signInPages.get('/connexion/lien', async (c) => {
  const token = c.req.query('jeton');
  const check = await checkSignInLink(c.get('deps').database.db, token);
  if (!check.ok) return errorPage(c, refusalPage[check.reason]);
  const branding = await findPortalBranding(c.get('deps').database.db, check.caller.organisationId, check.caller.clientId);
  return renderPage(
    c,
    <Layout title="Connexion à votre espace" branding={branding} csrfToken={c.get('csrfToken')}>
      <h1>Connexion à votre espace</h1>
      <p>
        Bonjour {check.caller.contactName}, vous allez accéder à l’espace client de {check.caller.clientName}.
      </p>
      <form method="post" action={SIGN_IN_LINK_PATH}>
        <CsrfField token={c.get('csrfToken')} />
        <input type="hidden" name="jeton" value={token ?? ''} />
        <button type="submit" class="button">
          Accéder à mon espace
        </button>
      </form>
    </Layout>,
  );
});

signInPages.post('/connexion/lien', async (c) => {
  const form = await c.req.parseBody();
  const result = await consumeSignInLink(c.get('deps').database.db, typeof form.jeton === 'string' ? form.jeton : undefined);
  if (!result.ok) return errorPage(c, refusalPage[result.reason]);
  await startPortalSession(c, result.caller);
  return c.redirect(result.redirectPath, 303);
});

signInPages.post('/deconnexion', async (c) => {
  const session = await currentPortalSession(c);
  if (session) await endPortalSession(c.get('deps').database.db, session.sessionId);
  clearPortalSession(c);
  return c.redirect('/portail/connexion?deconnecte=1', 303);
});

function SignInForm({ csrfToken, suite, email, error, signedOut }: { csrfToken: string; suite: string; email?: string; error?: string; signedOut?: boolean }) {
  return (
    <Layout title="Connexion" branding={anonymous} csrfToken={csrfToken}>
      <h1>Connexion à votre espace client</h1>
      {signedOut ? (
        <p class="notice notice-ok" role="status">
          Vous êtes déconnecté.
        </p>
      ) : null}
      <p>Saisissez l’adresse e-mail à laquelle votre cabinet vous écrit : vous recevrez un lien de connexion personnel, sans mot de passe.</p>
      <form method="post" action="/portail/connexion" novalidate>
        <CsrfField token={csrfToken} />
        <input type="hidden" name="suite" value={suite} />
        <label for="email">Adresse e-mail</label>
        {error ? (
          <p class="field-error" id="email-error" role="alert">
            {error}
          </p>
        ) : null}
        <input
          type="email"
          id="email"
          name="email"
          autocomplete="email"
          required
          value={email ?? ''}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'email-error' : undefined}
        />
        <button type="submit" class="button">
          Recevoir mon lien de connexion
        </button>
      </form>
    </Layout>
  );
}
