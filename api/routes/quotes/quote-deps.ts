import { openInstallationSeal } from '../../../adapters/seal/installation-seal.ts';
import { DatabaseSmsOutboxStore } from '../../../adapters/sms/database-sms-outbox-store.ts';
import { OutboxSmsSender } from '../../../adapters/sms/outbox-sms-sender.ts';
import type { QuoteCommandDeps, QuoteSendDeps } from '../../../adapters/temporal/quote-commands.ts';
import { AppError } from '../../../domain/errors.ts';
import type { QuoteNoticeDeps } from '../../../domain/quotes/notify-quote-assignee.ts';
import { renderQuoteHtml } from '../../../domain/quotes/render-quote-html.ts';
import type { AppEnv } from '../../context.ts';

/** The ports the quote handlers and the online quote page draw from the request's dependencies. */
type WithDeps = { get(key: 'deps'): AppEnv['Variables']['deps'] };

export const db = (c: WithDeps) => c.get('deps').database.db;

export const commandDeps = (c: WithDeps): QuoteCommandDeps => ({ db: db(c), temporal: c.get('deps').temporal });

/** The service's clock: the dev server's simulated time when there is one (demonstrations, tests), else the wall clock. */
export async function nowOf(c: WithDeps): Promise<Date> {
  const devClock = c.get('deps').devClock;
  return devClock ? new Date(await devClock.now()) : new Date();
}

const linkSecrets = new Map<string, Promise<Uint8Array>>();

/** The installation's link secret: the signature module's when wired, else read from DATA_DIR/seal (the worker reads the same). */
export function linkSecretOf(deps: AppEnv['Variables']['deps']): Promise<Uint8Array> {
  if (deps.signature) return Promise.resolve(deps.signature.seal.linkSecret);
  const dir = deps.config.DATA_DIR;
  if (!linkSecrets.has(dir)) linkSecrets.set(dir, openInstallationSeal(dir).then((seal) => seal.linkSecret));
  return linkSecrets.get(dir)!;
}

/** Prints a quote through the PDF port (503 when no renderer is configured). */
export function pdfOf(deps: AppEnv['Variables']['deps']) {
  return async (organisationId: string, quoteId: string): Promise<Uint8Array> => {
    if (!deps.pdfRenderer) throw new AppError('unavailable', 'PDF rendering is not configured', { reason: 'pdf_unavailable' });
    return deps.pdfRenderer.render(await renderQuoteHtml(deps.database.db, organisationId, quoteId));
  };
}

export async function sendDepsOf(c: WithDeps): Promise<QuoteSendDeps> {
  const deps = c.get('deps');
  if (!deps.emailSender) throw new AppError('unavailable', 'Email is not configured: quotes cannot be sent', { reason: 'email_unavailable' });
  return { ...commandDeps(c), emailSender: deps.emailSender, from: deps.config.EMAIL_FROM, publicBaseUrl: deps.config.PUBLIC_BASE_URL, linkSecret: await linkSecretOf(deps), renderPdf: pdfOf(deps) };
}


/** How the assignee is told (email, or SMS: only the outbox exists today, as in web/after-client-answer.ts). */
export function noticeDepsOf(deps: AppEnv['Variables']['deps']): QuoteNoticeDeps {
  return {
    db: deps.database.db,
    emailSender: deps.emailSender,
    smsSender: new OutboxSmsSender(new DatabaseSmsOutboxStore(deps.database.db)),
    from: deps.config.EMAIL_FROM,
    publicBaseUrl: deps.config.PUBLIC_BASE_URL,
  };
}
