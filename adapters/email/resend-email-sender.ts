import { Resend, type ErrorResponse } from 'resend';
import { EmailDeliveryError } from './email-delivery-error.ts';
import type { EmailSender, OutgoingEmail, SentEmail } from './email-sender.ts';
import { validateOutgoingEmail } from './validate-outgoing-email.ts';

/** Options of the Resend adapter, from `config.ts` (RESEND_API_KEY, RESEND_BASE_URL). */
export interface ResendEmailSenderOptions {
  readonly apiKey: string;
  /** Resend's API root; a local stub in tests. Default `https://api.resend.com`. */
  readonly baseUrl?: string | undefined;
}

/** Resend's public API root. */
export const RESEND_DEFAULT_BASE_URL = 'https://api.resend.com';

/** Resend error names that mean "try again later" whatever the status says. */
const RETRYABLE_NAMES = new Set([
  'rate_limit_exceeded',
  'daily_quota_exceeded',
  'concurrent_idempotent_requests',
  'application_error',
  'internal_server_error',
]);

/**
 * Classifies an error returned by the SDK. The SDK never throws for HTTP failures: it returns
 * `{ error }` — the JSON body Resend sent (`{ statusCode, name, message }`), or for a network
 * failure `{ name: 'application_error', statusCode: null }`. 429, 5xx and no status at all are
 * retryable; other 4xx (validation, bad sender, bad key, an idempotency key reused with other
 * content) are not.
 */
export function classifyResendError(error: ErrorResponse): EmailDeliveryError {
  const status = typeof error.statusCode === 'number' ? error.statusCode : null;
  let retryable: boolean;
  if (status === null) retryable = RETRYABLE_NAMES.has(error.name) || !error.name;
  else if (status === 429 || status >= 500) retryable = true;
  else if (status >= 400) retryable = error.name === 'concurrent_idempotent_requests';
  else retryable = RETRYABLE_NAMES.has(error.name);
  const code = status === null ? 'email_provider_unreachable' : retryable ? 'email_provider_unavailable' : 'email_rejected';
  return new EmailDeliveryError(code, `Resend ${status ?? 'request'} ${error.name}: ${error.message}`, { retryable, cause: error });
}

/**
 * Sends email through Resend with the official SDK: the idempotency key as the SDK's
 * `idempotencyKey` (Resend's `Idempotency-Key` header: the same key within 24 hours sends once
 * and returns the first id), attachments as binary content (the SDK sends base64), tags as
 * Resend tags. The base URL and user agent are always passed explicitly, so the SDK does not
 * fall back to `RESEND_BASE_URL` / `RESEND_USER_AGENT` from the environment (only `config.ts`
 * reads it); the SDK still honours `RESEND_DEBUG=true` to log errors.
 */
export class ResendEmailSender implements EmailSender {
  private readonly client: Resend;

  constructor(options: ResendEmailSenderOptions) {
    if (!options.apiKey) throw new Error('ResendEmailSender needs an API key');
    this.client = new Resend(options.apiKey, {
      baseUrl: (options.baseUrl ?? RESEND_DEFAULT_BASE_URL).replace(/\/+$/, ''),
      userAgent: 'echeance (resend-node)',
    });
  }

  /** Validates, then sends once per idempotency key. */
  async send(email: OutgoingEmail): Promise<SentEmail> {
    validateOutgoingEmail(email);
    let result: Awaited<ReturnType<Resend['emails']['send']>>;
    try {
      result = await this.client.emails.send(
        {
          from: email.from,
          to: [...email.to],
          ...(email.cc?.length ? { cc: [...email.cc] } : {}),
          ...(email.replyTo ? { replyTo: email.replyTo } : {}),
          subject: email.subject,
          html: email.html,
          text: email.text,
          ...(email.attachments?.length
            ? { attachments: email.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })) }
            : {}),
          ...(email.tags ? { tags: Object.entries(email.tags).map(([name, value]) => ({ name, value })) } : {}),
        },
        { idempotencyKey: email.idempotencyKey },
      );
    } catch (error) {
      // The SDK catches fetch failures itself; anything thrown here is unexpected but may be transient.
      throw new EmailDeliveryError('email_provider_unreachable', `Resend SDK failed: ${String(error)}`, { retryable: true, cause: error });
    }
    if (result.error) throw classifyResendError(result.error);
    if (!result.data?.id) {
      throw new EmailDeliveryError('email_provider_unavailable', 'Resend answered without an email id', { retryable: true });
    }
    return { id: result.data.id };
  }
}
