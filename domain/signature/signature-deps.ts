import type { EmailSender } from '../../adapters/email/email-sender.ts';
import type { YousignClient } from '../../adapters/esign/yousign/yousign-client.ts';
import type { PdfRenderer } from '../../adapters/pdf/pdf-renderer.ts';
import type { InstallationSeal } from '../../adapters/seal/installation-seal.ts';
import type { SmsSender } from '../../adapters/sms/sms-sender.ts';
import type { DocumentStorage } from '../../adapters/storage/document-storage.ts';
import type { Db } from '../../db/client.ts';
import type { SignatureRequestView } from './signature-request.ts';

/** The signature as the subject (a mission, a quote) records it. */
export interface CompletedSignature {
  signatureId: string;
  signer: string;
  signedAt: string;
  documentHash: string;
  level: 'simple' | 'advanced';
}

/**
 * Tells the subject of a request what became of it: the mission's workflow gets its signature
 * signal, a quote's workflow its own. Must be idempotent: completion may be reported more than once.
 */
export interface SignatureSubjectNotifier {
  /** A signer signed or declined while the request goes on (the subject shows where each signer stands). */
  progressed(request: SignatureRequestView): Promise<void>;
  signed(request: SignatureRequestView, signature: CompletedSignature): Promise<void>;
  ended(request: SignatureRequestView, status: 'declined' | 'expired' | 'canceled', reason: string | null): Promise<void>;
}

/**
 * One notifier per kind of subject: each request is told to its subject's notifier only (a
 * mission's workflow, a quote's workflow).
 */
export function notifierBySubject(notifiers: Record<SignatureRequestView['subjectType'], SignatureSubjectNotifier>): SignatureSubjectNotifier {
  return {
    progressed: (request) => notifiers[request.subjectType].progressed(request),
    signed: (request, signature) => notifiers[request.subjectType].signed(request, signature),
    ended: (request, status, reason) => notifiers[request.subjectType].ended(request, status, reason),
  };
}

/** The ports the signature module works with. `yousign` is absent when no provider is configured (built-in signing then). */
export interface SignatureDeps {
  db: Db;
  storage: DocumentStorage;
  renderer: PdfRenderer;
  emailSender: EmailSender;
  smsSender?: SmsSender | undefined;
  seal: InstallationSeal;
  yousign?: YousignClient | undefined;
  publicBaseUrl: string;
  emailFrom: string;
  notifier: SignatureSubjectNotifier;
  /**
   * Invites the signers whose turn has come (built-in and manual signing); called after each
   * signature, and by the subject's workflow with `reminderRound` to remind them (once per round).
   */
  inviter: (request: SignatureRequestView, options?: { reminderRound?: number }) => Promise<void>;
}
