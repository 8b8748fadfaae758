import type { Logger } from 'pino';
import type { EmailSender } from '../adapters/email/email-sender.ts';
import type { DevClock } from '../adapters/temporal/dev-clock.ts';
import type { TemporalAccess } from '../adapters/temporal/temporal-access.ts';
import type { PdfRenderer } from '../adapters/pdf/pdf-renderer.ts';
import type { DocumentStorage } from '../adapters/storage/document-storage.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Caller } from '../domain/auth/caller.ts';
import type { PortalCaller } from '../domain/portal/portal-caller.ts';
import type { MultipartSpool } from './middleware/body-limit.ts';
import type { SignatureDeps } from '../domain/signature/signature-deps.ts';

/**
 * Everything the HTTP layer needs, injected once by main.ts (or by a test). Feature issues add
 * their ports here (email sender, PDF renderer, document storage…).
 */
export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
  /**
   * The Temporal client and the task queue workflows are started on. Absent when the API runs
   * without Temporal (some HTTP tests); `/readyz` then reports it.
   */
  temporal?: TemporalAccess | undefined;
  /** Present only on the embedded dev server: moves its clock forward (demonstrations, simulated years). */
  devClock?: DevClock | undefined;
  /** Prints HTML to PDF (template previews). Absent: PDF endpoints answer 503. */
  pdfRenderer?: PdfRenderer | undefined;
  /**
   * Sends email on the firm's behalf: Resend, or the local outbox (`createEmailSender` over a
   * `DatabaseOutboxStore`). Tag each email with `ORGANISATION_TAG` so its administrators see it.
   */
  emailSender?: EmailSender | undefined;
  /** Where the client document store (GED) keeps its bytes. Absent: document endpoints answer 503. */
  documentStorage?: DocumentStorage | undefined;
  /** E-signature (domain/signature/): the seal, the provider, and whom to tell. Absent: signature endpoints answer 503. */
  signature?: SignatureDeps | undefined;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    caller: Caller;
    /** The client contact of a client-facing request, set by the portal router's token middleware (instead of `caller`). */
    portalCaller: PortalCaller;
    /** A multipart request's body, parsed while streaming (set by the body limit middleware). */
    multipartSpool: MultipartSpool;
  };
}
