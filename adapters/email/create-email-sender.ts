import type { EmailSender } from './email-sender.ts';
import { OutboxEmailSender, type OutboxStore } from './outbox-email-sender.ts';
import { ResendEmailSender } from './resend-email-sender.ts';

/** What `createEmailSender` needs, straight from `config.ts` plus the outbox store. */
export interface EmailSenderConfig {
  /** RESEND_API_KEY: when set, email goes through Resend. */
  readonly resendApiKey?: string | undefined;
  /** RESEND_BASE_URL: Resend's API root, for a proxy or a stub. */
  readonly resendBaseUrl?: string | undefined;
  /** Where the outbox records emails when Resend is not configured (the DB store in the app). */
  readonly outboxStore: OutboxStore;
  /** Directory of the outbox's `.eml` files, e.g. `${DATA_DIR}/outbox`. */
  readonly outboxDirectory?: string | undefined;
}

/** Chooses the email sender: Resend when an API key is configured, the local outbox otherwise. */
export function createEmailSender(config: EmailSenderConfig): EmailSender {
  if (config.resendApiKey) return new ResendEmailSender({ apiKey: config.resendApiKey, baseUrl: config.resendBaseUrl });
  return new OutboxEmailSender({ store: config.outboxStore, directory: config.outboxDirectory });
}
