import { eq } from 'drizzle-orm';
import { createElement } from 'react';
import { ORGANISATION_TAG, type EmailAttachment, type EmailSender } from '../../adapters/email/email-sender.ts';
import type { Db } from '../../db/client.ts';
import { firms, users } from '../../db/schema/index.ts';
import QuoteMessage from '../../emails/quote-message.tsx';
import { renderEmail } from '../../emails/render-email.ts';
import { AppError } from '../errors.ts';
import { loadTemplateSources } from '../firm-templates/load-template-sources.ts';
import { formatEuros, formatFrenchDate } from '../letters/french-format.ts';
import { renderTemplate } from '../templates/render-template.ts';
import { templateKind, type TemplateScope } from '../templates/template-kinds.ts';
import { quoteUrl } from './quote-link.ts';
import { findQuoteAccount, listAccountContacts, type QuoteContact } from './quote-parties.ts';
import { findQuoteSettings } from './quote-settings.ts';
import { recordQuoteEvent } from './record-quote-event.ts';
import { findQuote, type QuoteView } from './quote-view.ts';

/** The ports a quote email needs. `renderPdf` is given when the PDF may be attached. */
export interface QuoteEmailDeps {
  db: Db;
  emailSender: EmailSender;
  from: string;
  publicBaseUrl: string;
  linkSecret: Uint8Array;
  renderPdf?: ((organisationId: string, quoteId: string) => Promise<Uint8Array>) | undefined;
}

export interface QuoteEmailInput {
  organisationId: string;
  quoteId: string;
  /** `sent`: the first send's template; `reminded`: the reminder's (seed 002: two different templates). */
  kind: 'sent' | 'reminded';
  /** Contacts of the quote's account; default: the quote's contact. */
  recipientContactIds?: string[] | undefined;
  attachPdf?: boolean | undefined;
  /** Ask for an e-signature; default: the firm's setting (seed 002: "active par défaut" once enabled). */
  requestSignature?: boolean | undefined;
  senderUserId?: string | null | undefined;
  /** Same key, same email (a retried activity or request sends once). */
  idempotencyKey: string;
  /** Extra detail recorded on the quote's event (an automatic reminder's day). */
  detail?: Record<string, unknown> | undefined;
  now?: Date | undefined;
}

/** Every variable the kind declares, filled from `values` (strict Liquid: none may be missing). */
function scopeOf(kind: 'email.quote-sent.body' | 'email.quote-reminder.body', values: Record<string, string>): TemplateScope {
  const scope: Record<string, Record<string, string>> = {};
  for (const variable of templateKind(kind).variables) {
    const [head, field] = variable.path.split('.') as [string, string];
    (scope[head] ??= {})[field] = values[variable.path] ?? '';
  }
  return scope;
}

/**
 * Who a quote email goes to: the contacts named (each must be a contact of the quote's account
 * with an email: 400 naming `recipientContactIds.<n>` otherwise), else the quote's contact; 422
 * `quote_no_recipient` when that leaves nobody. Checked before a first send takes its number.
 */
export async function resolveQuoteRecipients(db: Db, quote: QuoteView, recipientContactIds: readonly string[] | undefined): Promise<QuoteContact[]> {
  const account = await findQuoteAccount(db, quote.organisationId, quote.accountKind, (quote.clientId ?? quote.prospectId)!, { in: 'path', entity: 'Quote' });
  const contacts = await listAccountContacts(db, account);
  let recipients: QuoteContact[];
  if (recipientContactIds?.length) {
    const problems = recipientContactIds.flatMap((id, index) => {
      const contact = contacts.find((candidate) => candidate.id === id);
      if (!contact) return [{ field: `recipientContactIds.${index}`, location: 'body' as const, message: 'not a contact of the quote’s account' }];
      return contact.email ? [] : [{ field: `recipientContactIds.${index}`, location: 'body' as const, message: 'the contact has no email address' }];
    });
    if (problems.length) throw AppError.invalid(problems);
    recipients = contacts.filter((contact) => recipientContactIds.includes(contact.id));
  } else {
    recipients = contacts.filter((contact) => contact.id === quote.contactId && contact.email);
  }
  if (recipients.length === 0) throw new AppError('precondition_failed', 'The quote has no contact with an email address: choose a recipient', { reason: 'quote_no_recipient' });
  return recipients;
}

const civilityOf = (contact: QuoteContact) => (contact.civility === 'Mme' ? 'Madame' : contact.civility === 'M.' ? 'Monsieur' : '');

/**
 * Emails a sent quote to its recipients — by default the quote's contact; staff may pick any
 * contacts of the account — with the firm's `email.quote-sent.*` template for the first send and
 * `email.quote-reminder.*` for reminders, the "Accéder au document" link (an expiring signed
 * link to the online page), the PDF attached on request, and e-signature requested when the
 * firm enabled it (unless staff untick it). Records the event (`sent` or `reminded`) on the
 * quote's history. Refuses (400) recipients that are not contacts of the account or have no
 * email, and (422 `quote_no_recipient`) a quote with nobody to write to.
 */
export async function emailQuote(deps: QuoteEmailDeps, input: QuoteEmailInput): Promise<{ emailId: string; to: string[]; url: string; signatureRequested: boolean }> {
  const { db } = deps;
  const quote = await findQuote(db, input.organisationId, input.quoteId);
  const recipients = await resolveQuoteRecipients(db, quote, input.recipientContactIds);
  const settings = await findQuoteSettings(db, input.organisationId, quote.firmId);
  const signatureRequested = settings.eSignatureEnabled && (input.requestSignature ?? true);
  const [firm] = await db.select().from(firms).where(eq(firms.id, quote.firmId));
  const senderId = input.senderUserId ?? quote.assigneeUserId;
  const [sender] = senderId ? await db.select().from(users).where(eq(users.id, senderId)) : [];
  const kinds = input.kind === 'sent' ? (['email.quote-sent.subject', 'email.quote-sent.body'] as const) : (['email.quote-reminder.subject', 'email.quote-reminder.body'] as const);
  const sources = await loadTemplateSources(db, input.organisationId, kinds);
  const url = quoteUrl(deps.publicBaseUrl, deps.linkSecret, quote);
  const first = recipients[0]!;
  const scope = scopeOf(kinds[1], {
    'firm.name': firm!.name,
    'firm.legal_form': firm!.legalForm ?? '',
    'firm.address': firm!.address ?? '',
    'firm.rcs': firm!.rcs ?? '',
    'firm.order_registration': firm!.orderRegistration ?? '',
    'firm.vat_number': firm!.vatNumber ?? '',
    'contact.civility': civilityOf(first),
    'contact.first_name': first.firstName,
    'contact.last_name': first.lastName,
    'contact.full_name': `${first.firstName} ${first.lastName}`,
    'sender.full_name': sender ? `${sender.firstName} ${sender.lastName}` : firm!.name,
    'sender.email': sender?.email ?? '',
    'sender.phone': sender?.mobile ?? '',
    'quote.number': quote.number ?? '',
    'quote.total': `${formatEuros(quote.totalInclTaxCents)} TTC`,
    'quote.valid_until': formatFrenchDate(quote.validUntil),
    'quote.url': url,
  });
  const [subject, body] = await Promise.all([renderTemplate(kinds[0], sources[kinds[0]], scope), renderTemplate(kinds[1], sources[kinds[1]], scope)]);
  const { html, text } = await renderEmail(createElement(QuoteMessage, { firm: { name: firm!.name, ...(firm!.address ? { address: firm!.address } : {}) }, body, url, signatureRequested }));
  const attachments: EmailAttachment[] = [];
  if (input.attachPdf) {
    if (!deps.renderPdf) throw new AppError('unavailable', 'PDF rendering is not available: send without the PDF or retry later', { reason: 'pdf_unavailable' });
    attachments.push({ filename: `Devis ${quote.number}.pdf`, content: await deps.renderPdf(input.organisationId, quote.id), contentType: 'application/pdf' });
  }
  const to = recipients.map((contact) => contact.email!);
  const sent = await deps.emailSender.send({
    from: deps.from,
    to,
    ...(sender?.email ? { replyTo: sender.email } : {}),
    subject,
    html,
    text,
    ...(attachments.length ? { attachments } : {}),
    tags: { kind: `quote-${input.kind}`, [ORGANISATION_TAG]: input.organisationId },
    idempotencyKey: input.idempotencyKey,
  });
  await recordQuoteEvent(db, quote, input.kind, {
    detail: { ...input.detail, to, emailId: sent.id, pdfAttached: attachments.length > 0, signatureRequested },
    idempotencyKey: input.idempotencyKey,
    ...(input.now ? { at: input.now } : {}),
  });
  return { emailId: sent.id, to, url, signatureRequested };
}
