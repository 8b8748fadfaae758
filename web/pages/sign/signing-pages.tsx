/** @jsxImportSource hono/jsx */
import type { Context, Hono } from 'hono';
import { clientAddress } from '../../../api/client-address.ts';
import { AppError } from '../../../domain/errors.ts';
import { findPortalBranding, type PortalBranding } from '../../../domain/portal/find-portal-branding.ts';
import {
  declineSigning,
  MAX_CODE_FAILURES,
  MAX_DECLINE_REASON,
  openSigningSession,
  readSessionDocument,
  sendSigningCode,
  signWithCode,
  type SigningSession,
  type Visitor,
} from '../../../domain/signature/builtin-signing.ts';
import type { SignatureDeps } from '../../../domain/signature/signature-deps.ts';
import { verifyDocumentLinkToken } from '../../../domain/signature/signature-request.ts';
import { signatureDocuments, documents } from '../../../db/schema/index.ts';
import { eq } from 'drizzle-orm';
import { buffer } from 'node:stream/consumers';
import { errorPage } from '../../errors.tsx';
import { CsrfField, Layout } from '../../layout.tsx';
import { renderPage } from '../../render.ts';
import { createWebRouter } from '../../web-router.ts';
import type { WebEnv } from '../../web-env.ts';

const NO_BRANDING: Pick<PortalBranding, 'name' | 'logoDataUrl'> = { name: 'Signature électronique', logoDataUrl: null };

function signatureDeps(c: Context<WebEnv>): SignatureDeps {
  const deps = c.get('deps').signature;
  if (!deps) throw new AppError('unavailable', 'signature not configured');
  return deps;
}

/**
 * Who is at a client page (IP, user agent): recorded in audit trails (signing, the online quote's
 * acceptance). The IP is the one the deployment vouches for (api/client-address.ts), never what
 * the visitor wrote in X-Forwarded-For.
 */
export function visitorOf(c: Context<WebEnv>): Visitor {
  return { ip: clientAddress(c, c.get('deps').config.TRUSTED_PROXY_HOPS) ?? null, userAgent: c.req.header('user-agent') ?? null };
}

/** A French page explaining why a link leads nowhere: never the document. */
function linkProblem(c: Context<WebEnv>, status: 404 | 410 | 423, title: string, message: string, branding = NO_BRANDING) {
  return renderPage(
    c,
    <Layout title={title} branding={branding} csrfToken={c.get('csrfToken')}>
      <h1>{title}</h1>
      <p class="notice notice-error" role="alert">
        {message}
      </p>
      <p>Contactez votre cabinet : il vous enverra un nouveau lien si nécessaire.</p>
    </Layout>,
    status,
  );
}

function SigningPage(props: { c: Context<WebEnv>; session: Extract<SigningSession, { request: unknown }>; branding: PortalBranding; token: string; notice?: { kind: 'ok' | 'error'; text: string } | undefined; codeSent: boolean }) {
  const { session, token, c } = props;
  const base = `/signature/${token}`;
  const csrf = c.get('csrfToken');
  const title = session.request.subjectType === 'quote' ? 'Signer votre devis' : 'Signer votre lettre de mission';
  return (
    <Layout title={title} branding={props.branding} csrfToken={csrf}>
      <h1>{title}</h1>
      <p>
        Bonjour {session.signer.fullName}, {props.branding.name} vous invite à signer les documents ci-dessous. Lisez-les attentivement avant de signer.
      </p>
      {props.notice ? (
        <p class={`notice ${props.notice.kind === 'ok' ? 'notice-ok' : 'notice-error'}`} role={props.notice.kind === 'ok' ? 'status' : 'alert'}>
          {props.notice.text}
        </p>
      ) : null}
      <h2>Documents</h2>
      <ul>
        {session.request.documents.map((d) => (
          <li>
            <a href={`${base}/documents/${d.position}`}>{d.name}</a> {d.nature === 'attachment' ? '(annexe)' : '(à signer)'}
          </li>
        ))}
      </ul>
      {session.state === 'signed' ? (
        <p class="notice notice-ok" role="status">
          Vous avez signé ces documents. Merci ! Vous recevrez le document signé dans votre espace client.
        </p>
      ) : session.state === 'waiting' ? (
        <p class="notice">Un autre signataire doit signer avant vous : vous recevrez un email lorsque ce sera votre tour.</p>
      ) : (
        <>
          <h2>Étape 1 : recevoir votre code</h2>
          <form method="post" action={`${base}/code`}>
            <CsrfField token={csrf} />
            <p>Un code à usage unique vous sera envoyé par email{session.signer.mobile ? ' et par SMS' : ''}.</p>
            <button type="submit" class="button">
              {props.codeSent ? 'Renvoyer un code' : 'Recevoir mon code'}
            </button>
          </form>
          <h2>Étape 2 : signer</h2>
          <form method="post" action={base}>
            <CsrfField token={csrf} />
            <p>
              <label for="code">Code reçu (6 chiffres)</label>
              <br />
              <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required maxlength={6} />
            </p>
            <p>
              <label for="nom">Votre signature : saisissez vos prénom et nom</label>
              <br />
              <input id="nom" name="nom" required maxlength={120} autocomplete="name" value="" />
            </p>
            <p>
              <input type="checkbox" id="consentement" name="consentement" value="oui" required />{' '}
              <label for="consentement">J’ai lu les documents et j’accepte de les signer électroniquement ; ma signature a la même valeur qu’une signature manuscrite.</label>
            </p>
            <button type="submit" class="button">
              Signer les documents
            </button>
          </form>
          <h2>Vous ne souhaitez pas signer ?</h2>
          <form method="post" action={`${base}/refus`}>
            <CsrfField token={csrf} />
            <p>
              <label for="motif">Motif (facultatif), transmis à votre cabinet</label>
              <br />
              <textarea id="motif" name="motif" rows={3} maxlength={MAX_DECLINE_REASON}></textarea>
            </p>
            <button type="submit" class="button">
              Refuser de signer
            </button>
          </form>
        </>
      )}
    </Layout>
  );
}

async function sessionPage(c: Context<WebEnv>, token: string, status = 200, notice?: { kind: 'ok' | 'error'; text: string }, codeSent = false) {
  const deps = signatureDeps(c);
  const session = await openSigningSession(deps, token, new Date());
  if (session.state === 'unknown') return linkProblem(c, 404, 'Lien de signature invalide', 'Ce lien de signature n’est pas valable : il a peut-être été mal copié.');
  const branding = await findPortalBranding(deps.db, session.request.organisationId, session.request.clientId);
  if (session.state === 'expired') return linkProblem(c, 410, 'Lien de signature expiré', 'Le délai de signature de ces documents est dépassé.', branding);
  if (session.state === 'closed') return linkProblem(c, 410, 'Signature close', 'Cette demande de signature est close : elle a été annulée, refusée ou a expiré.', branding);
  if (session.state === 'locked') return linkProblem(c, 423, 'Lien verrouillé', `Ce lien est verrouillé après ${MAX_CODE_FAILURES} codes erronés, pour votre sécurité.`, branding);
  return renderPage(c, <SigningPage c={c} session={session} branding={branding} token={token} notice={notice} codeSent={codeSent} />, status);
}

/**
 * The built-in signing pages (`/signature/…`), on the client pages framework: the signer's page
 * (documents, one-time code by email — and SMS when a mobile is known —, consent, typed
 * signature), each document, and the manual way's per-document links. A forged, unknown or expired
 * link is a French page, never the document.
 */
export function createSigningWebApp(): Hono<WebEnv> {
  const web = createWebRouter();

  web.get('/documents/:link', async (c) => {
    const deps = signatureDeps(c);
    const verdict = verifyDocumentLinkToken(deps.seal.linkSecret, c.req.param('link'), new Date());
    if (!verdict.ok && verdict.reason === 'expired') return linkProblem(c, 410, 'Lien expiré', 'Ce lien vers le document a expiré.');
    if (!verdict.ok) return linkProblem(c, 404, 'Document introuvable', 'Ce lien n’est pas valable : il a peut-être été mal copié.');
    const [row] = await deps.db.select({ name: signatureDocuments.name, storageKey: documents.storageKey, requestId: signatureDocuments.requestId, organisationId: signatureDocuments.organisationId }).from(signatureDocuments).innerJoin(documents, eq(documents.id, signatureDocuments.documentId)).where(eq(signatureDocuments.id, verdict.signatureDocumentId));
    if (!row) return linkProblem(c, 404, 'Document introuvable', 'Ce document n’existe plus.');
    const bytes = new Uint8Array(await buffer((await deps.storage.get(row.storageKey)).stream));
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(row.name)}`, 'Cache-Control': 'no-store' });
  });

  web.get('/:token', async (c) => sessionPage(c, c.req.param('token'), 200, c.req.query('code') === 'envoye' ? { kind: 'ok', text: 'Votre code vient de vous être envoyé.' } : undefined, c.req.query('code') === 'envoye'));

  web.get('/:token/documents/:position', async (c) => {
    const deps = signatureDeps(c);
    const session = await openSigningSession(deps, c.req.param('token'), new Date());
    if (session.state !== 'open' && session.state !== 'signed' && session.state !== 'waiting') return errorPage(c, 'not_found');
    const document = await readSessionDocument(deps, session, Number(c.req.param('position')), visitorOf(c));
    if (!document) return errorPage(c, 'not_found');
    return c.body(document.bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(document.name)}`, 'Cache-Control': 'no-store' });
  });

  web.post('/:token/code', async (c) => {
    const deps = signatureDeps(c);
    const token = c.req.param('token');
    const session = await openSigningSession(deps, token, new Date());
    if (session.state !== 'open') return sessionPage(c, token);
    await sendSigningCode(deps, session, visitorOf(c), new Date());
    return c.redirect(`/signature/${token}?code=envoye`, 303);
  });

  web.post('/:token/refus', async (c) => {
    const deps = signatureDeps(c);
    const token = c.req.param('token');
    const session = await openSigningSession(deps, token, new Date());
    if (session.state !== 'open') return sessionPage(c, token);
    const form = await c.req.parseBody();
    await declineSigning(deps, session, typeof form.motif === 'string' ? form.motif : null, visitorOf(c), new Date());
    const branding = await findPortalBranding(deps.db, session.request.organisationId, session.request.clientId);
    return renderPage(
      c,
      <Layout title="Refus enregistré" branding={branding} csrfToken={c.get('csrfToken')}>
        <h1>Refus enregistré</h1>
        <p class="notice notice-ok" role="status">
          Vous avez refusé de signer ces documents. {branding.name} en est informé et reviendra vers vous.
        </p>
      </Layout>,
      200,
    );
  });

  web.post('/:token', async (c) => {
    const deps = signatureDeps(c);
    const token = c.req.param('token');
    const session = await openSigningSession(deps, token, new Date());
    if (session.state !== 'open') return sessionPage(c, token);
    const form = await c.req.parseBody({ all: true });
    const code = typeof form.code === 'string' ? form.code : '';
    const name = typeof form.nom === 'string' ? form.nom.trim() : '';
    if (form.consentement !== 'oui' || name === '') return sessionPage(c, token, 400, { kind: 'error', text: 'Cochez la case de consentement et saisissez vos prénom et nom pour signer.' }, true);
    const result = await signWithCode(deps, session, { code, consent: true, mark: { kind: 'typed', text: name.slice(0, 120) } }, visitorOf(c), new Date());
    if (result.outcome === 'wrong_code') return sessionPage(c, token, 400, { kind: 'error', text: 'Ce code est erroné. Vérifiez-le et recommencez.' }, true);
    if (result.outcome === 'expired_code') return sessionPage(c, token, 400, { kind: 'error', text: 'Ce code a expiré ou n’a pas été demandé : demandez un nouveau code.' }, false);
    if (result.outcome === 'locked') return sessionPage(c, token);
    return c.redirect(`/signature/${token}`, 303);
  });

  web.all('*', (c) => errorPage(c, 'not_found'));
  return web;
}
