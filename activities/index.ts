import type { Logger } from 'pino';
import type { EmailSender } from '../adapters/email/email-sender.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { SignatureDeps } from '../domain/signature/signature-deps.ts';
import { createInvoicingActivities } from './invoicing.ts';
import { createInformationRequestEmailActivities } from './information-request-emails.ts';
import { createMissionActivities } from './missions.ts';
import { createProspectActivities } from './prospects.ts';
import { createQuoteActivities } from './quotes.ts';

/**
 * What activities may touch. Activities are thin adapters over domain use cases, built by a
 * factory over these injected dependencies so tests pass real implementations in.
 */
export interface ActivityDeps {
  config: Config;
  db: Db;
  logger: Logger;
  /** Resend, or the local outbox (database rows + `.eml` files); see adapters/email/create-email-sender.ts. */
  emailSender: EmailSender;
  /**
   * The signature module (document store, PDF renderer, signing links): what the mission workflow's
   * letter activities use — rendering the letter at validation, reminding and expiring signers.
   * Without it those activities fail for good (a worker that only runs other workflows).
   */
  signature?: SignatureDeps | undefined;
}

/** Every activity of the product, registered on the worker. Feature modules spread theirs in. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createMissionActivities(deps),
    ...createProspectActivities(deps),
    ...createInvoicingActivities(deps),
    ...createInformationRequestEmailActivities(deps),
    ...createQuoteActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
