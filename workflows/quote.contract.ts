/**
 * The contract of the quote workflow, shared by the workflow and the API (which imports it to
 * start, signal, update and query it). Names are stable: running quotes outlive deployments, so
 * the workflow type, ids, signal/update/query names and payload fields only change by addition.
 */
import { defineSearchAttributeKey } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { IsoDate } from '../domain/calendar/iso-date.ts';
import type { QuoteStatus } from '../domain/quotes/quote-lifecycle.ts';
import type { QuoteAcceptance } from '../domain/quotes/quote-lifecycle.ts';
import type { ActorRef } from './mission.contract.ts';

export type { ActorRef };

/** Workflow type of a sent quote (one per quote, id `quote/<quoteId>`, see domain/quotes/quote-lifecycle.ts). */
export const QUOTE_WORKFLOW_TYPE = 'quote';

/** Search attributes that make quotes findable in the Temporal UI (registered in temporal.config.ts). */
export const quoteSearchAttributeKeys = {
  organizationId: defineSearchAttributeKey('OrganizationId', 'KEYWORD'),
  quoteStatus: defineSearchAttributeKey('QuoteStatus', 'KEYWORD'),
  quoteNumber: defineSearchAttributeKey('QuoteNumber', 'KEYWORD'),
} as const;

/** Input of the `quote` workflow, fixed at the first send (a sent quote's content no longer changes). */
export interface QuoteWorkflowInput {
  quoteId: string;
  organisationId: string;
  number: string;
  /** The first send's instant (ISO): reminders count from its Paris date. */
  sentAt: string;
  /** Last day of validity (Paris): the quote expires at 00:00 Paris the day after. */
  validUntil: IsoDate;
  /** Days after the first send on which an unsigned quote is reminded (the firm's setting at send time). */
  reminderDays: number[];
}

/** The e-signature provider's (or built-in signing page's) event: the quote was signed. Duplicates are no-ops. */
export interface QuoteSignatureEvent extends QuoteAcceptance {
  level: 'simple' | 'advanced';
}

/** What the `state` query answers. */
export interface QuoteWorkflowState {
  quoteId: string;
  status: QuoteStatus;
  /** Reminder days already sent. */
  remindersSent: number[];
  /** The next reminder's instant while the quote waits (null when none is left). */
  nextReminderAt: string | null;
  expiresAt: string;
  acceptance: QuoteAcceptance | null;
}

/** Staff record a "bon pour accord" (manual acceptance). */
export const acceptQuoteUpdate = defineUpdate<QuoteWorkflowState, [{ actor: ActorRef; acceptance: QuoteAcceptance }]>('accept');
/** The client (online page) or staff decline, with a reason. */
export const declineQuoteUpdate = defineUpdate<QuoteWorkflowState, [{ actor: ActorRef; reason: string }]>('decline');
/** Staff withdraw the quote. */
export const cancelQuoteUpdate = defineUpdate<QuoteWorkflowState, [ActorRef]>('cancel');
/** The signature event (webhook or built-in signing → signal). */
export const quoteSignedSignal = defineSignal<[QuoteSignatureEvent]>('signatureReceived');
/** The quote's state. */
export const quoteStateQuery = defineQuery<QuoteWorkflowState>('state');
