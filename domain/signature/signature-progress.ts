/**
 * Where a signature request stands, as its subject's workflow sees it (a mission's today, a
 * quote's tomorrow): the request's status and each signer's, with times. Pure (zod only), so the
 * workflow bundle imports it: the workflow validates the signal's payload with this schema.
 *
 * Progress only ever moves forward (pending → signed or declined; ongoing → a final status), so
 * {@link mergeSignatureProgress} makes the order in which reports arrive irrelevant.
 */
import { z } from 'zod';

export const signatureRequestStatusValues = ['ongoing', 'done', 'declined', 'expired', 'canceled'] as const;
/** Final statuses without signature: the subject goes back to where it was before sending. */
export const endedWithoutSignature = ['declined', 'expired', 'canceled'] as const;
export type EndedWithoutSignature = (typeof endedWithoutSignature)[number];

const instant = z.iso.datetime({ offset: true });

export const signatureProgressSchema = z.object({
  requestId: z.string().min(1).max(100),
  method: z.enum(['manual', 'yousign', 'builtin']),
  status: z.enum(signatureRequestStatusValues),
  /** Why it ended without signature (the provider's or the signer's words). */
  endReason: z.string().max(2000).nullable(),
  sentAt: instant,
  expiresAt: instant,
  endedAt: instant.nullable(),
  reminderIntervalDays: z.number().int().min(1).max(365),
  signers: z.array(
    z.object({
      signerId: z.string().min(1).max(100),
      role: z.enum(['client', 'firm']),
      fullName: z.string().max(400),
      status: z.enum(['pending', 'signed', 'declined']),
      signedAt: instant.nullable(),
      declinedAt: instant.nullable(),
      lastRemindedAt: instant.nullable(),
    }),
  ),
});
export type SignatureProgress = z.infer<typeof signatureProgressSchema>;
export type SignerProgress = SignatureProgress['signers'][number];

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
