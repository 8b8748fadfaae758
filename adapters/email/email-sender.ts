export { EmailDeliveryError } from './email-delivery-error.ts';
export { parseMailbox, validateOutgoingEmail } from './validate-outgoing-email.ts';

/** A file attached to an email (a quote or an engagement letter as PDF, typically). */
export interface EmailAttachment {
  readonly filename: string;
  readonly content: Uint8Array;
  /** Media type, e.g. `application/pdf`. */
  readonly contentType: string;
}

/**
 * One email, ready to go: rendered HTML and plain text (`emails/render-email.ts`), addresses as
 * `address@domain` or `Display Name <address@domain>`.
 */
export interface OutgoingEmail {
  readonly from: string;
  readonly to: readonly string[];
  readonly cc?: readonly string[];
  readonly replyTo?: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly attachments?: readonly EmailAttachment[];
  /** Provider tags for analytics and webhooks (`{ kind: 'quote-sent', organisation: '…' }`). ASCII letters, digits, `_` and `-`. */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Same key, same email: sent once. Derive it from the business event, e.g.
   * `quote-sent/<quoteId>/<sendNumber>`, so an activity retried by Temporal does not send twice.
   */
  readonly idempotencyKey: string;
}

/** The provider's (or the outbox's) id of an accepted email. */
export interface SentEmail {
  readonly id: string;
}

/**
 * The email port. Implementations validate the email first (`validateOutgoingEmail`: a bad
 * address is a non-retryable `EmailDeliveryError` naming it, and nothing is sent), then send
 * it at most once per idempotency key. Resend in production, a local outbox otherwise.
 */
export interface EmailSender {
  /** Sends `email`, or returns the id of the email already sent with the same idempotency key. */
  send(email: OutgoingEmail): Promise<SentEmail>;
}

/**
 * The tag that says on whose behalf an email is sent: `tags: { [ORGANISATION_TAG]: organisationId }`.
 * The database outbox files the email under that organisation, whose administrators then read it
 * at `GET /api/v1/outbox/emails`; an email without it (a system email) is visible to none.
 */
export const ORGANISATION_TAG = 'organisation';
