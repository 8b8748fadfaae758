/**
 * Where a signature request stands, as its subject's workflow sees it (a mission's today, a
 * quote's tomorrow): the request's status and each signer's, with times. Pure and zod-free, so the
 * workflow bundle imports it (its checks: domain/signal-checks.ts); the API's schema of it is in
 * signature-progress-schema.ts.
 *
 * Progress only ever moves forward (pending → signed or declined; ongoing → a final status), so
 * {@link mergeSignatureProgress} makes the order in which reports arrive irrelevant.
 */
import { arrayOf, failingFields, instant, integer, nullable, object, oneOf, text } from '../signal-checks.ts';

export const signatureRequestStatusValues = ['ongoing', 'done', 'declined', 'expired', 'canceled'] as const;
/** Final statuses without signature: the subject goes back to where it was before sending. */
export const endedWithoutSignature = ['declined', 'expired', 'canceled'] as const;
export type EndedWithoutSignature = (typeof endedWithoutSignature)[number];

export const signatureMethods = ['manual', 'yousign', 'builtin'] as const;
export const signerRoles = ['client', 'firm'] as const;
export const signerStatuses = ['pending', 'signed', 'declined'] as const;

export interface SignerProgress {
  signerId: string;
  role: (typeof signerRoles)[number];
  fullName: string;
  status: (typeof signerStatuses)[number];
  signedAt: string | null;
  declinedAt: string | null;
  lastRemindedAt: string | null;
}

export interface SignatureProgress {
  requestId: string;
  method: (typeof signatureMethods)[number];
  status: (typeof signatureRequestStatusValues)[number];
  /** Why it ended without signature (the provider's or the signer's words). */
  endReason: string | null;
  sentAt: string;
  expiresAt: string;
  endedAt: string | null;
  reminderIntervalDays: number;
  signers: SignerProgress[];
}

const signerChecks = {
  signerId: text(100),
  role: oneOf(signerRoles),
  fullName: text(400, { empty: true }),
  status: oneOf(signerStatuses),
  signedAt: nullable(instant),
  declinedAt: nullable(instant),
  lastRemindedAt: nullable(instant),
};

const progressChecks = {
  requestId: text(100),
  method: oneOf(signatureMethods),
  status: oneOf(signatureRequestStatusValues),
  endReason: nullable(text(2000, { empty: true })),
  sentAt: instant,
  expiresAt: instant,
  endedAt: nullable(instant),
  reminderIntervalDays: integer(1, 365),
  signers: arrayOf(object(signerChecks)),
};

/** The fields of a `signatureProgress` payload that are malformed; empty when it is a {@link SignatureProgress}. */
export function malformedSignatureProgress(value: unknown): string[] {
  return failingFields(value, progressChecks);
}

const signerRank = { pending: 0, declined: 1, signed: 1 } as const;

function latest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/**
 * Merges two reports of requests of one subject: a newer request (sent later) replaces an older
 * one; two reports of the same request keep the furthest state of each part, whatever their order.
 */
export function mergeSignatureProgress(current: SignatureProgress | null, next: SignatureProgress): SignatureProgress {
  if (current === null || current.requestId !== next.requestId) {
    return current === null || Date.parse(next.sentAt) >= Date.parse(current.sentAt) ? next : current;
  }
  const final = current.status !== 'ongoing' ? current : next;
  const signers = current.signers.map((signer) => {
    const other = next.signers.find((s) => s.signerId === signer.signerId);
    if (!other) return signer;
    const ahead = signerRank[other.status] > signerRank[signer.status] ? other : signer;
    return { ...ahead, lastRemindedAt: latest(signer.lastRemindedAt, other.lastRemindedAt) };
  });
  return { ...current, status: final.status, endReason: final.endReason, endedAt: final.endedAt, signers };
}

/** True when the request ended without signature. */
export function hasEndedWithoutSignature(progress: Pick<SignatureProgress, 'status'>): progress is { status: EndedWithoutSignature } {
  return (endedWithoutSignature as readonly string[]).includes(progress.status);
}
