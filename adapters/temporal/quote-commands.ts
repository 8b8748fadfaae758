/**
 * The quote commands as the API sends them to Temporal: the first send starts `quote/<id>`
 * (idempotently); answers to a sent quote (accept, decline, cancel) are the workflow's updates and
 * signatures its signal, so the workflow — which owns the reminders and the expiry timer — sees
 * every change. Drafts and closed quotes are answered by the use cases directly.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Db } from '../../db/client.ts';
import type { SignatureSubjectNotifier } from '../../domain/signature/signature-deps.ts';
import type { SignatureRequestView } from '../../domain/signature/signature-request.ts';
import { businessDateOf } from '../../domain/calendar/paris-time.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/history/record-history.ts';
import { and, eq } from 'drizzle-orm';
import { quoteEvents } from '../../db/schema/index.ts';
import { emailQuote, resolveQuoteRecipients, type QuoteEmailDeps } from '../../domain/quotes/email-quote.ts';
import { assertQuoteCommand, quoteWorkflowId } from '../../domain/quotes/quote-lifecycle.ts';
import { findQuoteSettings } from '../../domain/quotes/quote-settings.ts';
import { findQuote, type QuoteView } from '../../domain/quotes/quote-view.ts';
import { markQuoteSent } from '../../domain/quotes/send-quote.ts';
import { transitionQuote, type QuoteTransition } from '../../domain/quotes/transition-quote.ts';
import {
  acceptQuoteUpdate,
  cancelQuoteUpdate,
  declineQuoteUpdate,
  QUOTE_WORKFLOW_TYPE,
  quoteSearchAttributeKeys,
  quoteSignedSignal,
  quoteStateQuery,
  type ActorRef,
  type QuoteSignatureEvent,
  type QuoteWorkflowInput,
  type QuoteWorkflowState,
} from '../../workflows/quote.contract.ts';
import { toAppError } from './mission-commands.ts';
import type { TemporalAccess } from './temporal-access.ts';

type QuoteWorkflow = (input: QuoteWorkflowInput) => Promise<QuoteWorkflowState>;

export interface QuoteCommandDeps {
  db: Db;
  temporal?: TemporalAccess | undefined;
}

/** What sending a quote needs: Temporal, and the email ports (domain/quotes/email-quote.ts). */
export type QuoteSendDeps = QuoteCommandDeps & QuoteEmailDeps;

/** What staff choose on the send / remind screen (seed 002). */
export interface QuoteEmailChoice {
  recipientContactIds?: string[] | undefined;
  attachPdf?: boolean | undefined;
  requestSignature?: boolean | undefined;
}

function temporalOf(deps: QuoteCommandDeps): TemporalAccess {
  if (!deps.temporal) throw new AppError('unavailable', 'Temporal is not connected: quote workflows cannot be reached', { reason: 'temporal_not_connected' });
  return deps.temporal;
}

const actorRefOf = (actor: Actor): ActorRef => (actor.kind === 'user' ? { kind: 'user', userId: actor.userId, label: actor.label } : { kind: 'system', label: actor.label });

/**
 * Starts the workflow of a sent quote unless it runs already (`USE_EXISTING`), never a second one
 * after it closed (`REJECT_DUPLICATE`). Called at the first send and before every command, so a
 * quote whose first start failed (Temporal down right after the send) gets its workflow later.
 */
export async function ensureQuoteWorkflow(deps: QuoteCommandDeps, quote: QuoteView): Promise<void> {
  if (quote.status !== 'sent') return;
  const temporal = temporalOf(deps);
  const settings = await findQuoteSettings(deps.db, quote.organisationId, quote.firmId);
  try {
    await temporal.client.workflow.start<QuoteWorkflow>(QUOTE_WORKFLOW_TYPE, {
      taskQueue: temporal.taskQueue,
      workflowId: quoteWorkflowId(quote.id),
      args: [{ quoteId: quote.id, organisationId: quote.organisationId, number: quote.number!, sentAt: quote.sentAt!.toISOString(), validUntil: quote.validUntil, reminderDays: settings.reminderDays }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: quoteSearchAttributeKeys.organizationId, value: quote.organisationId },
        { key: quoteSearchAttributeKeys.quoteStatus, value: quote.status },
        { key: quoteSearchAttributeKeys.quoteNumber, value: quote.number! },
      ],
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return;
    throw toAppError(error);
  }
}

/**
 * The first send: refuses a quote whose validity has already ended (422 naming `validUntil`),
 * numbers it and marks it sent (domain/quotes/send-quote.ts), then starts its workflow.
 */
export async function sendQuote(deps: QuoteSendDeps, actor: Actor, quoteId: string, choice: QuoteEmailChoice = {}, options: { now?: Date } = {}): Promise<QuoteView> {
  const now = options.now ?? new Date();
  const draft = await findQuote(deps.db, actor.organisationId, quoteId);
  assertQuoteCommand(draft, 'send');
  if (draft.validUntil < businessDateOf(now)) {
    throw new AppError('precondition_failed', 'The quote’s validity has ended: change its validity date before sending it', { reason: 'quote_validity_ended', fields: [{ field: 'validUntil', message: 'in the past' }] });
  }
  await resolveQuoteRecipients(deps.db, draft, choice.recipientContactIds);
  temporalOf(deps);
  const sent = await markQuoteSent(deps.db, actor, quoteId, { now });
  await ensureQuoteWorkflow(deps, sent);
  await emailQuote(deps, { organisationId: actor.organisationId, quoteId, kind: 'sent', ...choice, senderUserId: actor.kind === 'user' ? actor.userId : null, idempotencyKey: `quote-sent/${quoteId}`, now });
  return findQuote(deps.db, actor.organisationId, quoteId);
}

/**
 * A reminder by staff ("Relancer par email", the button once the quote was sent): the reminder
 * template, to the recipients chosen. `key` (the request's Idempotency-Key, else the number of
 * reminders so far) makes a repeated click send once.
 */
export async function remindQuote(deps: QuoteSendDeps, actor: Actor, quoteId: string, choice: QuoteEmailChoice = {}, options: { now?: Date; key?: string } = {}): Promise<QuoteView> {
  const quote = await findQuote(deps.db, actor.organisationId, quoteId);
  assertQuoteCommand(quote, 'remind');
  await ensureQuoteWorkflow(deps, quote);
  const reminders = await deps.db.select({ id: quoteEvents.id }).from(quoteEvents).where(and(eq(quoteEvents.quoteId, quoteId), eq(quoteEvents.kind, 'reminded')));
  const key = `quote-reminder/${quoteId}/${options.key ?? `manual-${reminders.length + 1}`}`;
  await emailQuote(deps, { organisationId: actor.organisationId, quoteId, kind: 'reminded', ...choice, senderUserId: actor.kind === 'user' ? actor.userId : null, idempotencyKey: key, ...(options.now ? { now: options.now } : {}) });
  return findQuote(deps.db, actor.organisationId, quoteId);
}

/**
 * Accept, decline or cancel. A sent quote's answer goes through its workflow (an update, answered
 * once applied); a draft (cancel) or a closed quote is answered by the use case, which replies
 * "done" to a repeat and 409 `quote_status_conflict` otherwise — an expired quote cannot be accepted.
 */
export async function transitionQuoteCommand(deps: QuoteCommandDeps, actor: Actor, quoteId: string, transition: QuoteTransition): Promise<QuoteView> {
  const quote = await findQuote(deps.db, actor.organisationId, quoteId);
  if (quote.status === 'sent') {
    await ensureQuoteWorkflow(deps, quote);
    const handle = temporalOf(deps).client.workflow.getHandle(quoteWorkflowId(quote.id));
    const actorRef = actorRefOf(actor);
    try {
      if (transition.command === 'accept') await handle.executeUpdate(acceptQuoteUpdate, { args: [{ actor: actorRef, acceptance: transition.acceptance }] });
      else if (transition.command === 'decline') await handle.executeUpdate(declineQuoteUpdate, { args: [{ actor: actorRef, reason: transition.reason }] });
      else if (transition.command === 'cancel') await handle.executeUpdate(cancelQuoteUpdate, { args: [actorRef] });
      else throw new AppError('conflict', 'Only the workflow expires a quote', { reason: 'quote_status_conflict' });
      return findQuote(deps.db, actor.organisationId, quoteId);
    } catch (error) {
      // The workflow closed meanwhile (expired at this very moment): the use case answers from the database.
      if (!(error instanceof WorkflowNotFoundError)) throw toAppError(error);
    }
  }
  return transitionQuote(deps.db, actor, quoteId, transition);
}

/**
 * Delivers a signature (e-signature webhook, built-in signing) to the quote: the workflow's signal
 * while it waits — the first event counts, duplicates and late events change nothing. A quote no
 * longer waiting answers as the use case does: done when already accepted, 409 otherwise.
 */
export async function deliverQuoteSignature(deps: QuoteCommandDeps, organisationId: string, quoteId: string, event: QuoteSignatureEvent): Promise<void> {
  const quote = await findQuote(deps.db, organisationId, quoteId);
  if (quote.status === 'sent') {
    await ensureQuoteWorkflow(deps, quote);
    try {
      await temporalOf(deps).client.workflow.getHandle(quoteWorkflowId(quote.id)).signal(quoteSignedSignal, event);
      return;
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw toAppError(error);
    }
  }
  await transitionQuote(deps.db, { kind: 'system', organisationId, label: `Signature ${event.signatureId}` }, quoteId, { command: 'accept', acceptance: event });
}

/** The workflow's `state` query (reminders sent, next reminder, expiry). */
export async function queryQuoteWorkflow(deps: QuoteCommandDeps, quote: QuoteView): Promise<QuoteWorkflowState> {
  try {
    return await temporalOf(deps).client.workflow.getHandle(quoteWorkflowId(quote.id)).query(quoteStateQuery);
  } catch (error) {
    throw toAppError(error);
  }
}

/**
 * Tells a quote's workflow what became of its signature request (the signature module's
 * `SignatureSubjectNotifier` for subjects `{ type: 'quote' }`): once signed, the workflow's
 * `signatureReceived` signal with the module's signature (who, when, level, the signed PDF's hash;
 * `signatureId` `<method>/<request id>`), through `deliverQuoteSignature` — the first event
 * counts, duplicates and late deliveries change nothing. A request declined by its signer declines
 * the quote with the signer's reason; expired or cancelled ones leave it waiting (the client may
 * sign again from the online page, which opens a new request). A quote already answered otherwise
 * (expired, cancelled) refuses the late signature: logged, never an error to the webhook, which
 * would only make the provider retry.
 */
export function quoteSignatureNotifier(deps: QuoteCommandDeps, logger: Pick<Logger, 'warn'>): SignatureSubjectNotifier {
  const refusalsLogged = async (request: SignatureRequestView, what: string, run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
      logger.warn({ quoteId: request.subjectId, requestId: request.id, err: error }, `the quote's ${what} was refused`);
    }
  };
  return {
    async progressed() {},
    async signed(request, signature) {
      if (request.subjectType !== 'quote') return;
      const { signatureId, signer, signedAt, level, documentHash } = signature;
      await refusalsLogged(request, 'signature', () => deliverQuoteSignature(deps, request.organisationId, request.subjectId, { signatureId, signer, signedAt, level, documentHash }));
    },
    async ended(request, status, reason) {
      if (request.subjectType !== 'quote' || status !== 'declined') return;
      const actor: Actor = { kind: 'system', organisationId: request.organisationId, label: request.signers[0]?.fullName ?? 'Signataire' };
      await refusalsLogged(request, 'refusal', () => transitionQuoteCommand(deps, actor, request.subjectId, { command: 'decline', reason: `Signature refusée : ${reason ?? 'sans motif'}` }));
    },
  };
}
