import { and, eq, isNull } from 'drizzle-orm';
import { createElement } from 'react';
import { ORGANISATION_TAG, type EmailSender } from '../../adapters/email/email-sender.ts';
import { organisationSmsKey } from '../../adapters/sms/database-sms-outbox-store.ts';
import { SmsDeliveryError, type SmsSender } from '../../adapters/sms/sms-sender.ts';
import type { Db } from '../../db/client.ts';
import { firms, users } from '../../db/schema/index.ts';
import QuoteActivity, { quoteActivitySentence, quoteActivitySubject, type QuoteActivityKind } from '../../emails/quote-activity.tsx';
import { sendRenderedEmail } from '../../emails/render-email.ts';
import { formatFrenchInstant } from '../letters/french-format.ts';
import { findQuoteAccount } from './quote-parties.ts';
import type { QuoteView } from './quote-view.ts';
import { recordQuoteEvent } from './record-quote-event.ts';

export interface QuoteNoticeDeps {
  db: Db;
  emailSender: EmailSender | undefined;
  smsSender: SmsSender | undefined;
  from: string;
  publicBaseUrl: string;
}

/** What the assignee is told about; `message` is the decline reason or the client's feedback. */
export interface QuoteNotice {
  kind: QuoteActivityKind;
  at: Date;
  /**
   * Same key, same notice (email or SMS, and the `notified` event): e.g. `quote-viewed/<id>/<day>`.
   * The caller chooses how often a kind may notify by what it puts in the key.
   */
  key: string;
  message?: string | undefined;
  author?: string | undefined;
}

export type QuoteNoticeOutcome = { outcome: 'emailed' | 'texted'; to: string } | { outcome: 'skipped'; reason: 'no_assignee' | 'no_channel' | 'confirmation_email' };

/**
 * Seed 002's notifications: tells the quote's assignee (an active user) that the client viewed,
 * downloaded, signed or declined the quote, through the channel of their profile (`notify_by`:
 * email, or SMS to their mobile through the SMS port); a client's feedback message is always
 * emailed (it is the message itself). A signature by email is the acceptance confirmation
 * (`confirmQuoteAccepted`), so no second email. A mobile the SMS port refuses for good falls
 * back to email. Idempotent by `notice.key`: the email or SMS is
 * sent once and the quote's history records one `notified` event.
 */
export async function notifyQuoteAssignee(deps: QuoteNoticeDeps, quote: QuoteView, notice: QuoteNotice): Promise<QuoteNoticeOutcome> {
  const { db } = deps;
  const [assignee] = quote.assigneeUserId
    ? await db.select().from(users).where(and(eq(users.organisationId, quote.organisationId), eq(users.id, quote.assigneeUserId), isNull(users.deactivatedAt)))
    : [];
  if (!assignee) return { outcome: 'skipped', reason: 'no_assignee' };
  const account = await findQuoteAccount(db, quote.organisationId, quote.accountKind, (quote.clientId ?? quote.prospectId)!, { in: 'path', entity: 'Quote' });
  const facts = {
    kind: notice.kind,
    quoteNumber: quote.number ?? '',
    accountName: account.kind === 'client' ? account.client.name : account.prospect.companyName,
    at: formatFrenchInstant(notice.at),
  };
  const quoteUrl = new URL(`/quotes/${quote.id}`, deps.publicBaseUrl).toString();

  let notified: QuoteNoticeOutcome | null = null;
  if (notice.kind !== 'feedback' && assignee.notifyBy === 'sms' && assignee.mobile && deps.smsSender) {
    try {
      await deps.smsSender.send({ to: assignee.mobile, body: `${quoteActivitySentence(facts)} ${quoteUrl}`, idempotencyKey: organisationSmsKey(quote.organisationId, notice.key) });
      notified = { outcome: 'texted', to: assignee.mobile };
    } catch (error) {
      // A mobile the SMS port refuses for good (a landline in the profile): email instead, never retry forever.
      if (!(error instanceof SmsDeliveryError && !error.retryable)) throw error;
    }
  }
  if (!notified) {
    if (notice.kind === 'accepted') return { outcome: 'skipped', reason: 'confirmation_email' };
    if (!deps.emailSender) return { outcome: 'skipped', reason: 'no_channel' };
    const [firm] = await db.select({ name: firms.name }).from(firms).where(eq(firms.id, quote.firmId));
    const props = { ...facts, firm: { name: firm!.name }, recipientFirstName: assignee.firstName, message: notice.message, author: notice.author, quoteUrl };
    await sendRenderedEmail(deps.emailSender, createElement(QuoteActivity, props), {
      from: deps.from,
      to: [assignee.email],
      subject: quoteActivitySubject(facts),
      tags: { kind: `quote-${notice.kind}`, [ORGANISATION_TAG]: quote.organisationId },
      idempotencyKey: notice.key,
    });
    notified = { outcome: 'emailed', to: assignee.email };
  }
  await recordQuoteEvent(db, quote, 'notified', { detail: { about: notice.kind, channel: notified.outcome === 'texted' ? 'sms' : 'email', userId: assignee.id }, idempotencyKey: `notified/${notice.key}`, at: notice.at });
  return notified;
}

const parisDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * The key of a view or download notice: once per quote and Paris calendar day
 * (`quote-viewed/<id>/2026-03-12`). Every view and download is still recorded in the history;
 * the assignee is told of the first one each day (a client reading the quote again a week later
 * is worth a call; ten reloads in an hour are not).
 */
export function consultationNoticeKey(kind: 'viewed' | 'downloaded', quoteId: string, at: Date): string {
  return `quote-${kind}/${quoteId}/${parisDay.format(at)}`;
}
