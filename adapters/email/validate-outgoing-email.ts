import { z } from 'zod';
import { EmailDeliveryError } from './email-delivery-error.ts';
import type { OutgoingEmail } from './email-sender.ts';

/** An address with its optional display name. */
export interface Mailbox {
  readonly name?: string;
  readonly address: string;
}

const emailAddress = z.email();
const NAME_ADDR = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^<>"]*?))\s*<([^<>\s]+)>\s*$/;
const TAG_PART = /^[A-Za-z0-9_-]{1,256}$/;
/** Resend's limits: 50 recipients per field, 40 MB of attachments. */
const MAX_RECIPIENTS = 50;
const MAX_ATTACHMENT_BYTES = 40 * 1024 * 1024;

function invalid(code: string, message: string): EmailDeliveryError {
  return new EmailDeliveryError(code, message, { retryable: false });
}

/**
 * Splits `Name <address>` (or a bare address) and checks the address with zod's email rule.
 * Throws a non-retryable `EmailDeliveryError` that names the field and the bad value.
 */
export function parseMailbox(value: string, field = 'address'): Mailbox {
  if (/[\r\n]/.test(value)) throw invalid('email_invalid_address', `Invalid ${field}: ${JSON.stringify(value)} contains a line break`);
  const match = NAME_ADDR.exec(value);
  const name = match ? (match[1]?.replace(/\\(.)/g, '$1') ?? match[2])?.trim() : undefined;
  const address = (match ? match[3] : value)?.trim() ?? '';
  if (!emailAddress.safeParse(address).success) {
    throw invalid('email_invalid_address', `Invalid ${field}: ${JSON.stringify(value)} is not an email address`);
  }
  return name ? { name, address } : { address };
}

/**
 * Checks everything a provider would refuse, before anything is sent: every address (from, to,
 * cc, reply-to), a one-line subject, both bodies, the idempotency key, tag names and values,
 * attachment names and total size. Each refusal is a non-retryable `EmailDeliveryError`.
 */
export function validateOutgoingEmail(email: OutgoingEmail): void {
  parseMailbox(email.from, 'from');
  if (email.to.length === 0) throw invalid('email_invalid_message', 'An email needs at least one recipient');
  for (const [field, list] of [['to', email.to], ['cc', email.cc ?? []]] as const) {
    if (list.length > MAX_RECIPIENTS) throw invalid('email_invalid_message', `At most ${MAX_RECIPIENTS} ${field} recipients, got ${list.length}`);
    for (const value of list) parseMailbox(value, field);
  }
  if (email.replyTo !== undefined) parseMailbox(email.replyTo, 'replyTo');
  if (email.subject.trim() === '' || /[\r\n]/.test(email.subject)) {
    throw invalid('email_invalid_message', `The subject must be one non-empty line, got ${JSON.stringify(email.subject)}`);
  }
  if (email.html.trim() === '' || email.text.trim() === '') throw invalid('email_invalid_message', 'Both the HTML and the text body are required');
  if (!/^[\x21-\x7e]{1,256}$/.test(email.idempotencyKey)) {
    throw invalid('email_invalid_message', `The idempotency key must be 1–256 visible ASCII characters, got ${JSON.stringify(email.idempotencyKey)}`);
  }
  for (const [name, value] of Object.entries(email.tags ?? {})) {
    if (!TAG_PART.test(name) || !TAG_PART.test(value)) {
      throw invalid('email_invalid_message', `Tag ${JSON.stringify(name)}=${JSON.stringify(value)}: names and values are ASCII letters, digits, _ and -`);
    }
  }
  let total = 0;
  for (const attachment of email.attachments ?? []) {
    if (attachment.filename.trim() === '' || /[\r\n"\\/]/.test(attachment.filename)) {
      throw invalid('email_invalid_message', `Invalid attachment name ${JSON.stringify(attachment.filename)}`);
    }
    if (!/^[\w.+-]+\/[\w.+-]+$/.test(attachment.contentType)) {
      throw invalid('email_invalid_message', `Invalid attachment type ${JSON.stringify(attachment.contentType)}`);
    }
    total += attachment.content.byteLength;
  }
  if (total > MAX_ATTACHMENT_BYTES) throw invalid('email_invalid_message', `Attachments total ${total} bytes, more than 40 MB`);
}
