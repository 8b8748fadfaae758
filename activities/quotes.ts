import { ApplicationFailure } from '@temporalio/activity';
import { openInstallationSeal } from '../adapters/seal/installation-seal.ts';
import { DatabaseSmsOutboxStore } from '../adapters/sms/database-sms-outbox-store.ts';
import { OutboxSmsSender } from '../adapters/sms/outbox-sms-sender.ts';
import { and, eq, sql } from 'drizzle-orm';
import { quoteEvents, type QuoteAcceptance } from '../db/schema/index.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../domain/history/record-history.ts';
import type { QuoteStatus } from '../domain/quotes/quote-lifecycle.ts';
import { confirmQuoteAccepted } from '../domain/quotes/confirm-quote-accepted.ts';
import { notifyQuoteAssignee } from '../domain/quotes/notify-quote-assignee.ts';
import { findQuote } from '../domain/quotes/quote-view.ts';
import { sendAutomaticQuoteReminder } from '../domain/quotes/remind-quote.ts';
import { transitionQuote, type QuoteTransition } from '../domain/quotes/transition-quote.ts';
import { cancelEndedRequestsAtProvider } from '../domain/signature/cancel-at-provider.ts';
import type { ActorRef } from '../workflows/quote.contract.ts';
import { refusalsAreFinal as refusalsAndProviderFailuresAreFinal } from './final-failures.ts';
import type { ActivityDeps } from './index.ts';

interface QuoteRef {
  organisationId: string;
  quoteId: string;
}

/** What the quote workflow keeps of the database's quote. */
export interface QuoteSnapshot {
  status: QuoteStatus;
  acceptance: QuoteAcceptance | null;
  remindersSent: number[];
}

function actorOf(ref: QuoteRef, actor: ActorRef): Actor {
  if (actor.kind === 'user') return { kind: 'user', organisationId: ref.organisationId, userId: actor.userId, label: actor.label };
  return { kind: 'system', organisationId: ref.organisationId, label: actor.label };
}

/**
 * Business refusals are final: the activity fails for good instead of retrying. (Adapter errors
 * keep retrying here: a transition's emails are retried until sent.)
 */
async function refusalsAreFinal<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError) throw ApplicationFailure.nonRetryable(error.message, error.code, { reason: error.reason, ...error.details });
    throw error;
  }
}

/** The quote workflow's activities, over injected dependencies. */
export function createQuoteActivities(deps: ActivityDeps) {
  const { db } = deps;
  // The installation's link secret (the signature module's), read once: reminder links match the API's.
  let linkSecret: Promise<Uint8Array> | undefined;
  const emailDeps = async () => ({
    db,
    emailSender: deps.emailSender,
    from: deps.config.EMAIL_FROM,
    publicBaseUrl: deps.config.PUBLIC_BASE_URL,
    linkSecret: await (linkSecret ??= openInstallationSeal(deps.config.DATA_DIR).then((seal) => seal.linkSecret)),
  });
  const noticeDeps = {
    db,
    emailSender: deps.emailSender,
    // SMS has only the outbox today (adapters/sms), as in web/after-client-answer.ts.
    smsSender: new OutboxSmsSender(new DatabaseSmsOutboxStore(db)),
    from: deps.config.EMAIL_FROM,
    publicBaseUrl: deps.config.PUBLIC_BASE_URL,
  };
  const snapshot = async (ref: QuoteRef): Promise<QuoteSnapshot> => {
    const quote = await findQuote(db, ref.organisationId, ref.quoteId);
    const reminders = await db
      .select({ day: sql<number>`(${quoteEvents.detail}->>'day')::int` })
      .from(quoteEvents)
      .where(and(eq(quoteEvents.quoteId, ref.quoteId), eq(quoteEvents.kind, 'reminded'), sql`${quoteEvents.detail}->>'automatic' = 'true'`));
    return { status: quote.status, acceptance: quote.acceptance, remindersSent: reminders.map((row) => row.day) };
  };
  return {
    /** Reads the quote's status: the workflow's starting point (and how it recovers). */
    async loadQuoteStatus(ref: QuoteRef): Promise<QuoteSnapshot> {
      return refusalsAreFinal(() => snapshot(ref));
    },

    /**
     * Applies a transition (accept, decline, expire, cancel) with the use case the API uses. When
     * the database already moved on (the same transition retried, or a staff action that reached
     * the database first), it answers the database's status instead of failing, so the workflow
     * follows the system of record.
     */
    async applyQuoteTransition(input: QuoteRef & { actor: ActorRef; transition: QuoteTransition; at: string }): Promise<QuoteSnapshot> {
      return refusalsAreFinal(async () => {
        try {
          await transitionQuote(db, actorOf(input, input.actor), input.quoteId, input.transition, new Date(input.at));
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'conflict')) throw error;
        }
        // Seed 002: the assignee is told of the signature (once per quote, however often this runs).
        if (input.transition.command === 'accept') await confirmQuoteAccepted({ db, emailSender: deps.emailSender, from: deps.config.EMAIL_FROM }, input);
        // …and, by the channel of their preference, of the signature (SMS) or the refusal (once per quote).
        const quote = await findQuote(db, input.organisationId, input.quoteId);
        const { command } = input.transition;
        const told = command === 'accept' ? 'accepted' : command === 'decline' ? 'declined' : null;
        if (told && quote.status === told) {
          await notifyQuoteAssignee(noticeDeps, quote, { kind: told, at: new Date(input.at), key: `quote-${told}-notice/${quote.id}`, message: quote.declineReason ?? undefined });
        }
        return snapshot(input);
      });
    },

    /**
     * Once the quote is answered: the Yousign requests its answer canceled here are withdrawn at
     * Yousign too, so the client can no longer sign there nor gets its reminders (idempotent).
     */
    async cancelQuoteSignaturesAtProvider(ref: QuoteRef): Promise<{ withdrawn: number; alreadyClosed: number }> {
      // Yousign refusing the call (4xx) is final too; its outages (429, 5xx, network) are retried.
      return refusalsAndProviderFailuresAreFinal(() => cancelEndedRequestsAtProvider({ db, yousign: deps.signature?.yousign }, ref.organisationId, { type: 'quote', id: ref.quoteId }));
    },

    /** One automatic reminder email, once per quote and day (idempotent). */
    async remindQuote(input: QuoteRef & { day: number; at: string }): Promise<{ outcome: 'sent' | 'closed' | 'no_recipient' }> {
      return refusalsAreFinal(async () => sendAutomaticQuoteReminder(await emailDeps(), { ...input, at: new Date(input.at) }));
    },
  };
}

export type QuoteActivities = ReturnType<typeof createQuoteActivities>;
