/** @jsxImportSource hono/jsx */
/**
 * The online quote (`/devis/<token>`, seed 002 "Les devis en ligne"): French, no login, reached
 * from the email's "Accéder au document" link — an expiring signed link bound to one quote. The
 * contact sees the quote, downloads the PDF, adds optional lines (totals recomputed), signs or
 * declines with a reason, and writes to the quote's assignee (feedback form). Signing is the
 * signature module's when the firm enabled e-signature (« Signer le devis » opens the request and
 * leads to the built-in one-time-code page, or Yousign emails the signer; options are frozen while
 * a request is ongoing), else a typed "bon pour accord" (name + consent, with IP, user agent and
 * the accepted PDF kept as proofs); either way the quote's workflow gets it as its signature.
 * Every view and download is recorded with its instant; the assignee is told of the first view
 * and download of each day. Once accepted, the client downloads the signed copy.
 */
import { randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { deliverQuoteSignature, transitionQuoteCommand } from '../../../adapters/temporal/quote-commands.ts';
import { commandDeps, linkSecretOf, noticeDepsOf, nowOf, pdfOf } from '../../../api/routes/quotes/quote-deps.ts';
import { fileResponse } from '../../../api/file-response.ts';
import { chooseOptionalLines, findQuoteForLink, recordQuoteConsultation } from '../../../domain/quotes/consult-quote.ts';
import { consultationNoticeKey, notifyQuoteAssignee } from '../../../domain/quotes/notify-quote-assignee.ts';
import { verifyQuoteLinkToken } from '../../../domain/quotes/quote-link.ts';
import { sendQuoteFeedback } from '../../../domain/quotes/send-quote-feedback.ts';
import { keepTypedAcceptanceProof, quoteSignatureProof } from '../../../domain/quotes/quote-proofs.ts';
import { ongoingQuoteSignature, quoteSignatureWay, signQuoteOnline } from '../../../domain/quotes/sign-quote-online.ts';
import { visitorOf } from '../sign/signing-pages.tsx';
import type { QuoteView } from '../../../domain/quotes/quote-view.ts';
import { findPortalBranding } from '../../../domain/portal/find-portal-branding.ts';
import { formatEuros, formatFrenchDate, formatFrenchInstant } from '../../../domain/letters/french-format.ts';
import { AppError } from '../../../domain/errors.ts';
import { WebError, errorPage } from '../../errors.tsx';
import { CsrfField, Layout } from '../../layout.tsx';
import { renderPage } from '../../render.ts';
import { createWebRouter } from '../../web-router.ts';
import type { WebEnv } from '../../web-env.ts';

const number = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 3 });
const statusTexts = { accepted: 'Devis accepté', declined: 'Devis refusé', expired: 'Devis expiré' } as const;

/** The quote a link opens; forged, expired or no longer consultable → the same French 404. */
async function quoteOf(c: Context<WebEnv>): Promise<QuoteView> {
  const verdict = verifyQuoteLinkToken(await linkSecretOf(c.get('deps')), c.req.param('token') ?? '', await nowOf(c));
  if (!verdict.ok) throw new WebError(404, 'not_found');
  try {
    return await findQuoteForLink(c.get('deps').database.db, verdict.quoteId);
  } catch {
    throw new WebError(404, 'not_found');
  }
}

const systemActor = (quote: QuoteView) => ({ kind: 'system' as const, organisationId: quote.organisationId, label: 'Client (devis en ligne)' });

/**
 * Records a view or a download and tells the assignee (first of the day). The consultation is
 * what counts: a failed notice is logged, never shown to the client.
 */
async function recordConsultation(c: Context<WebEnv>, quote: QuoteView, kind: 'viewed' | 'downloaded') {
  const at = await nowOf(c);
  await recordQuoteConsultation(c.get('deps').database.db, quote, kind, at);
  try {
    await notifyQuoteAssignee(noticeDepsOf(c.get('deps')), quote, { kind, at, key: consultationNoticeKey(kind, quote.id, at) });
  } catch (error) {
    c.get('deps').logger.error({ err: error, quoteId: quote.id }, `could not notify the assignee that a quote was ${kind}`);
  }
}

/** How the page offers signing: the signature module (and whether a request is ongoing), or the typed "bon pour accord". */
async function signingOf(c: Context<WebEnv>, quote: QuoteView) {
  const db = c.get('deps').database.db;
  if (quote.status !== 'sent') return { way: 'typed' as const, ongoing: false };
  const way = c.get('deps').signature ? await quoteSignatureWay(db, quote) : 'typed';
  return { way, ongoing: way === 'electronic' && (await ongoingQuoteSignature(db, quote)) !== null };
}

async function quotePage(c: Context<WebEnv>, quote: QuoteView, notice?: string) {
  const branding = await findPortalBranding(c.get('deps').database.db, quote.organisationId, quote.clientId ?? undefined);
  const signing = await signingOf(c, quote);
  const base = `/devis/${c.req.param('token')}`;
  const optional = quote.lines.map((line, index) => ({ line, index })).filter(({ line }) => line.optional);
  const csrf = c.get('csrfToken');
  return renderPage(
    c,
    <Layout title={`Devis ${quote.number}`} branding={branding} csrfToken={csrf}>
      <h1>Devis {quote.number}</h1>
      {notice ? <p role="status">{notice}</p> : null}
      {quote.status !== 'sent' ? <p class="status">{statusTexts[quote.status as keyof typeof statusTexts]}</p> : <p>Valable jusqu’au {formatFrenchDate(quote.validUntil)}.</p>}
      {quote.acceptance ? (
        <p>
          Signé par {quote.acceptance.signer} le {formatFrenchInstant(new Date(quote.acceptance.signedAt))}.
        </p>
      ) : null}
      {quote.acceptance && quote.acceptance.level !== 'manual' ? (
        <p>
          <a class="button" href={`${base}/signe`}>
            Télécharger le devis signé
          </a>
        </p>
      ) : null}
      <table>
        <caption>Prestations</caption>
        <thead>
          <tr>
            <th scope="col">Désignation</th>
            <th scope="col">Quantité</th>
            <th scope="col">Prix unitaire HT</th>
            <th scope="col">TVA</th>
            <th scope="col">Total HT</th>
          </tr>
        </thead>
        <tbody>
          {quote.lines
            .filter((line) => !line.optional || line.selected)
            .map((line) => (
              <tr>
                <td>{line.label}</td>
                <td>{number.format(line.quantity)}</td>
                <td>{formatEuros(line.unitPriceCents)}</td>
                <td>{number.format(line.vatRate)} %</td>
                <td>{formatEuros(line.netCents)}</td>
              </tr>
            ))}
        </tbody>
      </table>
      <dl>
        <dt>Total HT</dt>
        <dd>{formatEuros(quote.totalExclTaxCents)}</dd>
        {quote.vatBreakdown.map((row) => (
          <>
            <dt>TVA {number.format(row.vatRate)} %</dt>
            <dd>{formatEuros(row.vatCents)}</dd>
          </>
        ))}
        <dt>Total TTC</dt>
        <dd id="total-ttc">{formatEuros(quote.totalInclTaxCents)}</dd>
      </dl>
      <p>
        <a class="button" href={`${base}/pdf`}>
          Télécharger PDF
        </a>
      </p>
      {quote.status === 'sent' && optional.length > 0 && signing.ongoing ? <p>Les options sont figées pendant la signature en cours.</p> : null}
      {quote.status === 'sent' && optional.length > 0 && !signing.ongoing ? (
        <form method="post" action={`${base}/options`}>
          <CsrfField token={csrf} />
          <fieldset>
            <legend>Options</legend>
            {optional.map(({ line, index }) => (
              <p>
                <input type="checkbox" id={`option-${index}`} name="option" value={String(index)} checked={line.selected} />{' '}
                <label for={`option-${index}`}>
                  {line.label} — {formatEuros(line.netCents)} HT
                </label>
              </p>
            ))}
          </fieldset>
          <button type="submit">Mettre à jour le devis</button>
        </form>
      ) : null}
      {quote.status === 'sent' ? (
        <>
          {signing.way === 'electronic' ? (
            <form method="post" action={`${base}/signer`}>
              <CsrfField token={csrf} />
              <h2>Accepter le devis</h2>
              <p>
                Signez électroniquement ce devis de {formatEuros(quote.totalInclTaxCents)} TTC : un code à usage unique vous est envoyé par email pour confirmer votre
                signature.
              </p>
              <button type="submit">Signer le devis</button>
            </form>
          ) : (
            <form method="post" action={`${base}/accepter`}>
              <CsrfField token={csrf} />
              <h2>Accepter le devis</h2>
              <p>
                <label for="signer">Vos nom et prénom</label>
                <input id="signer" name="signer" required autocomplete="name" maxlength={200} />
              </p>
              <p>
                <input type="checkbox" id="consent" name="consent" value="oui" required />{' '}
                <label for="consent">Bon pour accord : j’accepte ce devis de {formatEuros(quote.totalInclTaxCents)} TTC.</label>
              </p>
              <button type="submit">Signer et accepter</button>
            </form>
          )}
          <form method="post" action={`${base}/refuser`}>
            <CsrfField token={csrf} />
            <h2>Refuser le devis</h2>
            <p>
              <label for="reason">Motif du refus</label>
              <textarea id="reason" name="reason" required maxlength={2000}></textarea>
            </p>
            <button type="submit">Refuser le devis</button>
          </form>
        </>
      ) : null}
      <form method="post" action={`${base}/avis`}>
        <CsrfField token={csrf} />
        <input type="hidden" name="submission" value={randomUUID()} />
        <h2>Une question, une remarque ?</h2>
        <p>
          <label for="author">Votre nom (facultatif)</label>
          <input id="author" name="author" autocomplete="name" maxlength={200} />
        </p>
        <p>
          <label for="message">Votre message</label>
          <textarea id="message" name="message" required maxlength={2000}></textarea>
        </p>
        <button type="submit">Envoyer le message</button>
      </form>
    </Layout>,
  );
}

/** The online quote's pages, mounted at `/devis`. */
export function createQuoteWebApp(): Hono<WebEnv> {
  const web = createWebRouter();
  web.get('/:token', async (c) => {
    const quote = await quoteOf(c);
    await recordConsultation(c, quote, 'viewed');
    return quotePage(c, quote);
  });
  web.get('/:token/pdf', async (c) => {
    const quote = await quoteOf(c);
    const bytes = await pdfOf(c.get('deps'))(quote.organisationId, quote.id);
    await recordConsultation(c, quote, 'downloaded');
    return fileResponse(c, { name: `Devis ${quote.number}.pdf`, mediaType: 'application/pdf', size: bytes.byteLength }, bytes);
  });
  // The client's copy of the signed quote (the proof staff download too); none for an acceptance staff recorded by hand.
  web.get('/:token/signe', async (c) => {
    const quote = await quoteOf(c);
    const deps = c.get('deps');
    if (quote.status !== 'accepted' || !deps.documentStorage) throw new WebError(404, 'not_found');
    const file = await quoteSignatureProof({ db: deps.database.db, storage: deps.documentStorage, renderer: deps.pdfRenderer }, quote.organisationId, quote.id, 'signed-pdf').catch((error: unknown) => {
      // No proof (accepted by hand): the French 404; anything else is a real failure.
      if (error instanceof AppError && error.code === 'not_found') throw new WebError(404, 'not_found');
      throw error;
    });
    return fileResponse(c, { name: file.name, mediaType: file.mediaType, size: file.bytes.byteLength }, file.bytes);
  });
  web.post('/:token/options', async (c) => {
    const quote = await quoteOf(c);
    // What the client signs is what the request holds: no change while it is ongoing.
    if ((await signingOf(c, quote)).ongoing) return quotePage(c, quote, 'Les options sont figées pendant la signature en cours.');
    const form = await c.req.parseBody({ all: true });
    const chosen = ([] as unknown[]).concat(form['option'] ?? []).map((value) => Number(value)).filter(Number.isInteger);
    const updated = await chooseOptionalLines(c.get('deps').database.db, systemActor(quote), quote.id, chosen);
    return quotePage(c, updated, 'Le devis a été mis à jour.');
  });
  web.post('/:token/signer', async (c) => {
    const quote = await quoteOf(c);
    const signature = c.get('deps').signature;
    if (quote.status !== 'sent' || !signature || (await signingOf(c, quote)).way !== 'electronic') return quotePage(c, quote);
    const { signPath } = await signQuoteOnline(signature, quote, await nowOf(c));
    if (signPath) return c.redirect(signPath, 303);
    return quotePage(c, quote, 'Un email de Yousign vient de vous être envoyé : suivez son lien pour signer le devis.');
  });
  web.post('/:token/accepter', async (c) => {
    const quote = await quoteOf(c);
    const form = await c.req.parseBody();
    const signer = String(form['signer'] ?? '').trim().slice(0, 200);
    if (quote.status !== 'sent') return quotePage(c, quote);
    if ((await signingOf(c, quote)).way !== 'typed') return quotePage(c, quote, 'Ce devis se signe électroniquement : utilisez le bouton « Signer le devis ».');
    if (!signer || form['consent'] !== 'oui') return quotePage(c, quote, 'Indiquez votre nom et cochez « Bon pour accord » pour accepter le devis.');
    const deps = c.get('deps');
    // The proof: the quote PDF as accepted (kept with its hash), who, when, from where.
    const proof = deps.documentStorage && deps.pdfRenderer ? await keepTypedAcceptanceProof(deps.documentStorage, quote, await pdfOf(deps)(quote.organisationId, quote.id)) : {};
    const acceptance = { level: 'simple' as const, signer, signedAt: (await nowOf(c)).toISOString(), signatureId: `online/${quote.id}`, ...visitorOf(c), ...proof };
    await deliverQuoteSignature(commandDeps(c), quote.organisationId, quote.id, acceptance);
    return quotePage(c, { ...quote, status: 'accepted', acceptance }, 'Merci, votre acceptation a été enregistrée.');
  });
  web.post('/:token/refuser', async (c) => {
    const quote = await quoteOf(c);
    const form = await c.req.parseBody();
    const reason = String(form['reason'] ?? '').trim().slice(0, 2000);
    if (!reason) return quotePage(c, quote, 'Indiquez le motif du refus.');
    const declined = await transitionQuoteCommand(commandDeps(c), systemActor(quote), quote.id, { command: 'decline', reason });
    return quotePage(c, declined, 'Votre réponse a été transmise au cabinet.');
  });
  web.post('/:token/avis', async (c) => {
    const quote = await quoteOf(c);
    const form = await c.req.parseBody();
    const message = String(form['message'] ?? '').trim().slice(0, 2000);
    const author = String(form['author'] ?? '').trim().slice(0, 200);
    const submissionId = String(form['submission'] ?? '');
    if (!message) return quotePage(c, quote, 'Écrivez votre message avant de l’envoyer.');
    if (!/^[0-9a-f-]{36}$/.test(submissionId)) return quotePage(c, quote, 'Le formulaire a expiré : écrivez de nouveau votre message.');
    await sendQuoteFeedback(noticeDepsOf(c.get('deps')), quote, { message, author: author || undefined, submissionId }, await nowOf(c));
    return quotePage(c, quote, 'Merci, votre message a été transmis au cabinet.');
  });
  web.all('*', (c) => errorPage(c, 'not_found'));
  return web;
}
