/**
 * The quote workflow's state and transitions (workflows/quote.ts wires the handlers and runs the
 * main loop). Deterministic: time is the workflow clock, side effects are activities, each of
 * which calls the same use case the API would (domain/quotes/transition-quote.ts) idempotently.
 */
import { ActivityFailure, ApplicationFailure, condition, log, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { QuoteActivities } from '../activities/quotes.ts';
import type { QuoteAcceptance } from '../domain/quotes/quote-lifecycle.ts';
import { addDays } from '../domain/calendar/iso-date.ts';
import { businessDateOf, startOfBusinessDay } from '../domain/calendar/paris-time.ts';
import { isQuoteCommandDone, mayRunQuoteCommand, quoteConflictMessage, QUOTE_STATUS_CONFLICT, type QuoteCommand, type QuoteStatus } from '../domain/quotes/quote-lifecycle.ts';
import type { QuoteTransition } from '../domain/quotes/transition-quote.ts';
import { quoteSearchAttributeKeys, type ActorRef, type QuoteSignatureEvent, type QuoteWorkflowInput, type QuoteWorkflowState } from './quote.contract.ts';

/** Each activity is a short database transaction or one email; retries back off up to ten minutes. */
const activityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
} as const;

const { loadQuoteStatus, applyQuoteTransition, remindQuote, cancelQuoteSignaturesAtProvider } = proxyActivities<QuoteActivities>(activityOptions);

/**
 * 2026-12-01: once answered, the quote's Yousign requests canceled here are withdrawn at Yousign
 * (`cancelQuoteSignaturesAtProvider`, after the answer). Histories recorded before end without it.
 */
export const PATCH_CANCEL_AT_PROVIDER = 'quote-cancel-signatures-at-provider';

/** Automatic reminders go out at 09:00 Paris on their day. */
const REMINDER_HOUR_MS = 9 * 3_600_000;

export class QuoteMachine {
  status: QuoteStatus = 'sent';
  acceptance: QuoteAcceptance | null = null;
  readonly remindersSent: number[] = [];
  /** The first signature event received and not yet applied (later ones are duplicates). */
  pendingSignature: QuoteSignatureEvent | null = null;
  private turn: Promise<unknown> = Promise.resolve();
  private loaded = false;
  private readonly system: ActorRef;

  constructor(readonly input: QuoteWorkflowInput) {
    this.system = { kind: 'system', label: `Workflow quote/${input.quoteId}` };
  }

  /** Expiry: 00:00 Paris the day after the last day of validity. */
  get expiresAtMs(): number {
    return Date.parse(startOfBusinessDay(addDays(this.input.validUntil, 1)));
  }

  /** The reminders still to send, with their instants (day d after the send's Paris date, 09:00), before expiry. */
  pendingReminders(): Array<{ day: number; atMs: number }> {
    const sentOn = businessDateOf(this.input.sentAt);
    return [...new Set(this.input.reminderDays)]
      .sort((a, b) => a - b)
      .filter((day) => !this.remindersSent.includes(day))
      .map((day) => ({ day, atMs: Date.parse(startOfBusinessDay(addDays(sentOn, day))) + REMINDER_HOUR_MS }))
      .filter((reminder) => reminder.atMs < this.expiresAtMs);
  }

  get waiting(): boolean {
    return this.status === 'sent';
  }

  state(): QuoteWorkflowState {
    const next = this.waiting ? this.pendingReminders()[0] : undefined;
    return {
      quoteId: this.input.quoteId,
      status: this.status,
      remindersSent: [...this.remindersSent],
      nextReminderAt: next ? new Date(next.atMs).toISOString() : null,
      expiresAt: new Date(this.expiresAtMs).toISOString(),
      acceptance: this.acceptance,
    };
  }

  /** Runs `fn` after every earlier transition has finished: one transition at a time. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.turn.then(fn);
    this.turn = run.catch(() => undefined);
    return run;
  }

  /** Reads the status from the database: a workflow started again for a quote resumes where it stands. */
  async load(): Promise<void> {
    const loaded = await loadQuoteStatus({ organisationId: this.input.organisationId, quoteId: this.input.quoteId });
    this.status = loaded.status;
    this.acceptance = loaded.acceptance;
    this.remindersSent.push(...loaded.remindersSent);
    this.loaded = true;
    this.publishStatus();
  }

  /** The update validator: refuses (409 `quote_status_conflict`) unless `command` runs or is done already. */
  requireAccepted(command: QuoteCommand): void {
    if (this.loaded && !mayRunQuoteCommand(command, this.status) && !isQuoteCommandDone(command, this.status)) {
      throw ApplicationFailure.create({
        type: 'conflict',
        message: quoteConflictMessage(command, this.status),
        details: [{ reason: QUOTE_STATUS_CONFLICT, quoteStatus: this.status, command }],
        nonRetryable: true,
      });
    }
  }

  /** Applies a transition through its activity (unless already done) and returns the state. */
  async transition(actor: ActorRef, transition: QuoteTransition): Promise<QuoteWorkflowState> {
    await condition(() => this.loaded);
    if (isQuoteCommandDone(transition.command, this.status)) return this.state();
    this.requireAccepted(transition.command);
    const result = await applyQuoteTransition({ organisationId: this.input.organisationId, quoteId: this.input.quoteId, actor, transition, at: new Date().toISOString() });
    this.status = result.status;
    this.acceptance = result.acceptance;
    this.publishStatus();
    return this.state();
  }

  /** The signature signal: the first event is kept; duplicates and events after the answer are ignored. */
  receiveSignature(event: QuoteSignatureEvent): void {
    if (this.pendingSignature === null && this.waiting) this.pendingSignature = event;
  }

  async applyPendingSignature(): Promise<void> {
    const event = this.pendingSignature!;
    await this.exclusive(() => this.transition({ kind: 'system', label: `Signature ${event.signatureId}` }, { command: 'accept', acceptance: event }));
    this.pendingSignature = null;
  }

  async remind(day: number): Promise<void> {
    await this.exclusive(async () => {
      if (!this.waiting) return;
      await remindQuote({ organisationId: this.input.organisationId, quoteId: this.input.quoteId, day, at: new Date().toISOString() });
      this.remindersSent.push(day);
    });
  }

  /**
   * Withdraws at the provider the e-signature requests the answer canceled (retried until Yousign
   * answers; the caller of the update already has its answer). A refusal for good is logged.
   */
  async cancelAtProvider(): Promise<void> {
    try {
      await cancelQuoteSignaturesAtProvider({ organisationId: this.input.organisationId, quoteId: this.input.quoteId });
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      log.warn('quote signature requests not withdrawn at the provider', { quoteId: this.input.quoteId, error: String(error.cause?.message ?? error.message) });
    }
  }

  async expire(): Promise<void> {
    await this.exclusive(() => this.transition(this.system, { command: 'expire' }));
  }

  private publishStatus(): void {
    upsertSearchAttributes({ [quoteSearchAttributeKeys.quoteStatus.name]: [this.status] });
  }
}
