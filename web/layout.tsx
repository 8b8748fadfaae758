/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import type { PortalBranding } from '../domain/portal/find-portal-branding.ts';
import { CSRF_FIELD } from './csrf.ts';
import { ASSETS } from './assets.ts';

/** The hidden field every form of the client pages carries (see web/csrf.ts). */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={token} />;
}

/** A link of the signed-in navigation. */
export interface NavLink {
  href: string;
  label: string;
}

/** What the layout needs: the page title, the firm it speaks for, and, when signed in, who and how to sign out. */
export interface LayoutProps {
  /** The page's own title (`<title>` is "title — firm"); also its `<h1>` unless `heading` is given. */
  title: string;
  branding: Pick<PortalBranding, 'name' | 'logoDataUrl'>;
  csrfToken: string;
  /** The signed-in person, shown with a sign-out button; absent on anonymous pages (sign-in, errors, signing links). */
  signedInAs?: string | undefined;
  /** The navigation of a signed-in area (portal: home, requests, documents, services). */
  nav?: readonly NavLink[] | undefined;
  /** The path of the current page, to mark its nav link with aria-current. */
  currentPath?: string | undefined;
  children: Child;
}

/**
 * The one layout of every client-facing page (portal, signing page, online quote): French,
 * responsive (one column, 44 px touch targets), WCAG 2.1 AA (skip link, landmarks, visible focus,
 * AA contrasts, one `<h1>`), the firm's logo and name in the header, a sign-out form (POST with
 * its CSRF field) when signed in. Styles and the one script are files served by the app
 * (web/assets.ts): the Content-Security-Policy allows no inline code.
 */
export function Layout({ title, branding, csrfToken, signedInAs, nav, currentPath, children }: LayoutProps) {
  return (
    <html lang="fr" dir="ltr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="referrer" content="same-origin" />
        <title>{`${title} — ${branding.name}`}</title>
        <link rel="stylesheet" href={ASSETS.css} />
        <script src={ASSETS.js} defer></script>
      </head>
      <body>
        <a class="skip" href="#contenu">
          Aller au contenu
        </a>
        <header class="site">
          <div class="brand">
            {branding.logoDataUrl ? <img src={branding.logoDataUrl} alt="" class="logo" /> : null}
            <span class="firm">{branding.name}</span>
          </div>
          {signedInAs ? (
            <form method="post" action="/portail/deconnexion" class="signout">
              <CsrfField token={csrfToken} />
              <span class="who">{signedInAs}</span>
              <button type="submit" class="link-button">
                Se déconnecter
              </button>
            </form>
          ) : null}
        </header>
        {nav && nav.length > 0 ? (
          <nav aria-label="Espace client" class="site-nav">
            <ul>
              {nav.map((link) => (
                <li>
                  <a href={link.href} aria-current={link.href === currentPath ? 'page' : undefined}>
                    {link.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <main id="contenu" tabindex={-1}>
          {children}
        </main>
        <footer class="site">
          <p>
            {branding.name} — espace client sécurisé, propulsé par Échéance. <a href="/portail/accessibilite">Accessibilité</a>
          </p>
        </footer>
      </body>
    </html>
  );
}
