import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { inviteLetterSigners } from '../../domain/letters/send-letter-for-signature.ts';
import { notifierBySubject, type SignatureDeps, type SignatureSubjectNotifier } from '../../domain/signature/signature-deps.ts';
import type { EmailSender } from '../email/email-sender.ts';
import type { PdfRenderer } from '../pdf/pdf-renderer.ts';
import { openInstallationSeal } from '../seal/installation-seal.ts';
import { DatabaseSmsOutboxStore } from '../sms/database-sms-outbox-store.ts';
import { OutboxSmsSender } from '../sms/outbox-sms-sender.ts';
import type { SmsSender } from '../sms/sms-sender.ts';
import type { DocumentStorage } from '../storage/document-storage.ts';
import { missionSignatureNotifier } from '../temporal/mission-signature-notifier.ts';
import { quoteSignatureNotifier } from '../temporal/quote-commands.ts';
import { YousignClient } from './yousign/yousign-client.ts';

/**
 * Wires the signature module: the installation's seal (created in `DATA_DIR/seal` on first start),
 * Yousign when `YOUSIGN_API_KEY` is set (built-in signing otherwise), the SMS outbox, and the
 * notifiers that signal the subjects' workflows (`mission/<id>`, `quote/<id>`; a quote's workflow
 * not running yet is started on `taskQueue`, by default `TEMPORAL_TASK_QUEUE`).
 */
export async function createSignatureDeps(input: {
  config: Config;
  db: Db;
  logger: Logger;
  storage: DocumentStorage;
  renderer: PdfRenderer;
  emailSender: EmailSender;
  smsSender?: SmsSender;
  temporal?: { client: Client; taskQueue?: string } | undefined;
  notifier?: SignatureSubjectNotifier;
}): Promise<SignatureDeps> {
  const { config, temporal } = input;
  const seal = await openInstallationSeal(config.DATA_DIR);
  const deps: SignatureDeps = {
    db: input.db,
    storage: input.storage,
    renderer: input.renderer,
    emailSender: input.emailSender,
    smsSender: input.smsSender ?? new OutboxSmsSender(new DatabaseSmsOutboxStore(input.db)),
    seal,
    yousign: config.YOUSIGN_API_KEY ? new YousignClient({ apiKey: config.YOUSIGN_API_KEY, baseUrl: config.YOUSIGN_BASE_URL }) : undefined,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    emailFrom: config.EMAIL_FROM,
    notifier:
      input.notifier ??
      notifierBySubject({
        mission: missionSignatureNotifier(input.temporal, input.logger),
        quote: quoteSignatureNotifier({ db: input.db, temporal: temporal && { client: temporal.client, taskQueue: temporal.taskQueue ?? config.TEMPORAL_TASK_QUEUE, ping: async () => {} } }, input.logger),
      }),
    // A quote's only signer starts from the online quote's « Signer » button (and the quote's own
    // reminders carry that page's link): the signature module emails letter signers only.
    inviter: (request, options) => (request.subjectType === 'mission' ? inviteLetterSigners(deps, request, options) : Promise.resolve()),
  };
  return deps;
}
