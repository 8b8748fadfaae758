import { eq } from 'drizzle-orm';
import { createElement } from 'react';
import { ORGANISATION_TAG, type EmailSender } from '../../adapters/email/email-sender.ts';
import type { Db } from '../../db/client.ts';
import { firms, users } from '../../db/schema/index.ts';
import QuoteAccepted, { quoteAcceptedSubject } from '../../emails/quote-accepted.tsx';
import { renderEmail } from '../../emails/render-email.ts';
import { formatEuros, formatFrenchInstant } from '../letters/french-format.ts';
import { findQuoteAccount } from './quote-parties.ts';
import { findQuote } from './quote-view.ts';

/**
 * Tells the quote's assignee that it was accepted — who signed and when — once per quote
 * (`quote-accepted/<id>`, so a retried activity emails once). Nothing when there is no assignee
 * with an email, or the quote is not accepted.
 */
export async function confirmQuoteAccepted(deps: { db: Db; emailSender: EmailSender; from: string }, input: { organisationId: string; quoteId: string }): Promise<{ emailId: string | null }> {
  const quote = await findQuote(deps.db, input.organisationId, input.quoteId);
  if (quote.status !== 'accepted' || !quote.acceptance || !quote.assigneeUserId) return { emailId: null };
  const [assignee] = await deps.db.select().from(users).where(eq(users.id, quote.assigneeUserId));
  if (!assignee?.email) return { emailId: null };
  const [firm] = await deps.db.select().from(firms).where(eq(firms.id, quote.firmId));
  const account = await findQuoteAccount(deps.db, input.organisationId, quote.accountKind, (quote.clientId ?? quote.prospectId)!, { in: 'path', entity: 'Quote' });
  const props = {
    firm: { name: firm!.name },
    recipientFirstName: assignee.firstName,
    quoteNumber: quote.number ?? '',
    accountName: account.kind === 'client' ? account.client.name : account.prospect.companyName,
    signer: quote.acceptance.signer,
    signedAt: formatFrenchInstant(new Date(quote.acceptance.signedAt)),
    total: `${formatEuros(quote.totalInclTaxCents)} TTC`,
  };
  const { html, text } = await renderEmail(createElement(QuoteAccepted, props));
  const sent = await deps.emailSender.send({
    from: deps.from,
    to: [assignee.email],
    subject: quoteAcceptedSubject(props),
    html,
    text,
    tags: { kind: 'quote-accepted', [ORGANISATION_TAG]: input.organisationId },
    idempotencyKey: `quote-accepted/${quote.id}`,
  });
  return { emailId: sent.id };
}
