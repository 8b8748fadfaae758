/** @jsxImportSource hono/jsx */
import type { Context, ErrorHandler } from 'hono';
import { PayloadTooLargeError } from '../api/middleware/body-limit.ts';
import { HTTPException } from 'hono/http-exception';
import { AppError } from '../domain/errors.ts';
import { Layout } from './layout.tsx';
import { renderPage } from './render.ts';
import type { WebEnv } from './web-env.ts';

/** The failures a client page explains in French, each with its status. */
export const webErrorPages = {
  not_found: { status: 404, title: 'Page introuvable', message: 'Cette page n’existe pas, ou vous n’y avez pas accès. Vérifiez l’adresse, ou revenez à l’accueil de votre espace.' },
  link_forged: { status: 404, title: 'Lien invalide', message: 'Ce lien de connexion n’est pas valable : il a peut-être été mal copié. Demandez un nouveau lien ci-dessous.' },
  link_expired: { status: 410, title: 'Lien expiré', message: 'Ce lien de connexion a expiré : pour votre sécurité, il ne fonctionne que quelques minutes. Demandez un nouveau lien ci-dessous.' },
  link_used: { status: 410, title: 'Lien déjà utilisé', message: 'Ce lien de connexion a déjà servi : il ne fonctionne qu’une seule fois. Demandez un nouveau lien ci-dessous.' },
  csrf: { status: 403, title: 'Formulaire expiré', message: 'Ce formulaire n’a pas pu être vérifié (il a peut-être été ouvert dans un autre onglet ou il y a trop longtemps). Rechargez la page et recommencez.' },
  too_large: { status: 413, title: 'Envoi trop volumineux', message: 'Les fichiers envoyés dépassent la taille autorisée. Revenez en arrière et choisissez des fichiers plus petits.' },
  too_many: { status: 429, title: 'Trop de demandes', message: 'Vous avez fait beaucoup de demandes en peu de temps. Pour votre sécurité, patientez quelques minutes, puis revenez en arrière et réessayez.' },
  unavailable: { status: 503, title: 'Service momentanément indisponible', message: 'Ce service est momentanément indisponible. Merci de réessayer dans quelques instants.' },
  server: { status: 500, title: 'Une erreur est survenue', message: 'Une erreur inattendue s’est produite ; elle a été enregistrée. Merci de réessayer dans quelques instants.' },
} as const;

export type WebErrorKind = keyof typeof webErrorPages;

/** A failure to show as a French error page (thrown by middleware and page handlers). */
export class WebError extends Error {
  constructor(
    readonly status: number,
    readonly kind: WebErrorKind,
  ) {
    super(kind);
    this.name = 'WebError';
  }
}

/** Renders the error page of `kind`, with a way back (home, or a new sign-in link for link failures). */
export async function errorPage(c: Context<WebEnv>, kind: WebErrorKind): Promise<Response> {
  const page = webErrorPages[kind];
  const session = c.get('portal') as WebEnv['Variables']['portal'] | undefined;
  const linkFailure = kind === 'link_forged' || kind === 'link_expired' || kind === 'link_used';
  return renderPage(
    c,
    <Layout title={page.title} branding={session?.branding ?? { name: 'Espace client', logoDataUrl: null }} csrfToken={c.get('csrfToken') ?? ''} signedInAs={session?.caller.contactName}>
      <h1>{page.title}</h1>
      <p class="notice notice-error" role="alert">
        {page.message}
      </p>
      {/* Over a rate limit, the way back is to wait: no link that would send another request at once. */}
      {kind === 'too_many' ? null : <p>{linkFailure ? <a href="/portail/connexion">Recevoir un nouveau lien de connexion</a> : <a href="/portail">Retour à l’accueil de l’espace client</a>}</p>}
    </Layout>,
    page.status,
  );
}

/**
 * The error handler of the client pages: never JSON, never a stack trace. Another client's or a
 * missing resource (AppError `not_found`) is the same 404 page; everything unexpected is logged
 * and shown as the 500 page.
 */
export const webErrorHandler: ErrorHandler<WebEnv> = async (error, c) => {
  if (error instanceof WebError) return errorPage(c, error.kind);
  if (error instanceof AppError && error.code === 'not_found') return errorPage(c, 'not_found');
  if (error instanceof AppError && error.code === 'unavailable') return errorPage(c, 'unavailable');
  if (error instanceof PayloadTooLargeError || (error instanceof HTTPException && error.status === 413)) return errorPage(c, 'too_large');
  c.get('deps').logger.error({ err: error, requestId: c.get('requestId'), path: c.req.path }, 'client page error');
  return errorPage(c, 'server');
};
