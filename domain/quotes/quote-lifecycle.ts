/**
 * The quote lifecycle, in one place: the statuses, their groups, which command may run from which
 * status and where it leads, the refusal and its stable reason, and the id of the workflow that
 * drives a sent quote.
 *
 *   draft ──send──▶ sent ──accept──▶ accepted
 *     │               ├──decline──▶ declined
 *     │               ├──expire───▶ expired   (the workflow's timer, at the end of validity)
 *     └──cancel──▶ cancelled ◀──cancel──┘
 *
 * Viewed, downloaded and reminded are events (`quote_events`), not statuses. The use cases
 * (`domain/quotes/*-quote.ts`), the workflow (`workflows/quote-machine.ts`) and the API read this
 * table; nobody else spells a status list. Pure (no database, no Temporal), so the workflow bundle
 * imports it. Stable: stored rows and running workflows use these names; they change by addition.
 */
import { AppError } from '../errors.ts';
import { commandChecks } from '../lifecycle-rules.ts';

/** Every status of a quote (`quotes.status`, the workflow's state, the `QuoteStatus` search attribute). */
export const quoteStatuses = ['draft', 'sent', 'accepted', 'declined', 'expired', 'cancelled'] as const;
export type QuoteStatus = (typeof quoteStatuses)[number];

/** Who signed an accepted quote, when and how (e-signature, or a "bon pour accord" recorded by staff). */
export interface QuoteAcceptance {
  level: 'manual' | 'simple' | 'advanced';
  signer: string;
  signedAt: string;
  signatureId: string;
  /** `sha256:<hex>` of the document signed: the sealed PDF (e-signature) or the quote PDF the client accepted online. */
  documentHash?: string | undefined;
  /** Where the client accepted a typed "bon pour accord" online: their IP and user agent (the audit trail's). */
  ip?: string | null | undefined;
  userAgent?: string | null | undefined;
  /** Storage key of the quote PDF as accepted online with a typed "bon pour accord" (its proof). */
  proofKey?: string | undefined;
}

/** Statuses in which a quote waits for the client's answer: reminders and the expiry timer run. */
export const awaitingAnswerStatuses: readonly QuoteStatus[] = ['sent'];

/** Statuses a quote never leaves (its workflow has ended). */
export const closedQuoteStatuses: readonly QuoteStatus[] = ['accepted', 'declined', 'expired', 'cancelled'];

export interface QuoteCommandRule {
  /** Statuses the command runs from. */
  from: readonly QuoteStatus[];
  /** Where it leads; null when the status does not change. */
  to: QuoteStatus | null;
  /** Statuses in which asking again is answered as done without a change (a retried request or webhook). */
  done: readonly QuoteStatus[];
  /** Past participle for the refusal: "it cannot be <verb>". */
  verb: string;
}

/** The table: command → allowed from → leads to. */
export const quoteCommands = {
  /** Staff change lines, contact, validity or notes. Only a draft: what the client saw stays what they sign. */
  edit: { from: ['draft'], to: null, done: [], verb: 'edited' },
  /** First send by email: takes the number, starts the workflow. */
  send: { from: ['draft'], to: 'sent', done: [], verb: 'sent' },
  /** Another email to the client (by staff, or the workflow's automatic reminders). */
  remind: { from: ['sent'], to: null, done: [], verb: 'reminded' },
  /** The client opens the online page or downloads the PDF (an accepted quote keeps its proofs there). */
  consult: { from: ['sent', 'accepted', 'declined', 'expired'], to: null, done: [], verb: 'consulted online' },
  /** The client adds (or removes) optional lines online, before answering. */
  chooseOptions: { from: ['sent'], to: null, done: [], verb: 'changed online' },
  /** Signed online (e-signature) or a "bon pour accord" recorded by staff. */
  accept: { from: ['sent'], to: 'accepted', done: ['accepted'], verb: 'accepted' },
  /** The client declines, with a reason. */
  decline: { from: ['sent'], to: 'declined', done: ['declined'], verb: 'declined' },
  /** The validity ended without an answer (the workflow's timer). */
  expire: { from: ['sent'], to: 'expired', done: ['expired'], verb: 'expired' },
  /** Staff withdraw a draft or a sent quote. */
  cancel: { from: ['draft', 'sent'], to: 'cancelled', done: ['cancelled'], verb: 'cancelled' },
  /** A sales order (commande client) from the quote: only once accepted. */
  createSalesOrder: { from: ['accepted'], to: null, done: [], verb: 'turned into a sales order' },
  /** A draft invoice straight from the quote (no sales order): only once accepted. */
  invoice: { from: ['accepted'], to: null, done: [], verb: 'invoiced' },
  /** Staff download the proofs of the signature (signed PDF, audit trail): only once accepted. */
  downloadProofs: { from: ['accepted'], to: null, done: [], verb: 'proven signed yet' },
  /** A follow-up task for the quote's client, whatever its answer, until it is withdrawn. */
  createTask: { from: ['draft', 'sent', 'accepted', 'declined', 'expired'], to: null, done: [], verb: 'given a task' },
  /** The client's message from the online page to the assignee, before or after answering. */
  sendFeedback: { from: ['sent', 'accepted', 'declined', 'expired'], to: null, done: [], verb: 'commented online' },
} as const satisfies Record<string, QuoteCommandRule>;

export type QuoteCommand = keyof typeof quoteCommands;

const ruleOf = (command: QuoteCommand): QuoteCommandRule => quoteCommands[command];

/** Whether `command` may run from `status`, and whether it already ran (asking again changes nothing). */
export const { mayRun: mayRunQuoteCommand, isDone: isQuoteCommandDone } = commandChecks<QuoteStatus, QuoteCommand>(quoteCommands);

/** The stable `reason` of a refusal because of the quote's status. */
export const QUOTE_STATUS_CONFLICT = 'quote_status_conflict';

/** "The quote is expired; it cannot be accepted". */
export function quoteConflictMessage(command: QuoteCommand, status: QuoteStatus): string {
  return `The quote is ${status}; it cannot be ${ruleOf(command).verb}`;
}

/** The 409 of `command` refused in `status`, with `reason: quote_status_conflict`. */
export function quoteConflict(command: QuoteCommand, status: QuoteStatus): AppError {
  return new AppError('conflict', quoteConflictMessage(command, status), { reason: QUOTE_STATUS_CONFLICT, quoteStatus: status, command });
}

/** Refuses with 409 unless `command` may run from the quote's status. */
export function assertQuoteCommand(quote: { status: QuoteStatus }, command: QuoteCommand): void {
  if (!mayRunQuoteCommand(command, quote.status)) throw quoteConflict(command, quote.status);
}

/** `quote/<quoteId>`: derived from the business id, so a retried send finds the same workflow. */
export function quoteWorkflowId(quoteId: string): string {
  return `quote/${quoteId}`;
}
