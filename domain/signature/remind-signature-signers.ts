import { and, eq } from 'drizzle-orm';
import { signatureSigners } from '../../db/schema/index.ts';
import type { SignatureDeps } from './signature-deps.ts';
import { findSignatureRequest, type SignatureRequestView } from './signature-request.ts';

/**
 * Reminds the unsigned signers of an ongoing request whose turn has come (round `round` of the
 * reminders its subject's workflow schedules every `reminderIntervalDays` until expiry): the
 * invitation again, once per signer and round (email idempotency key), and `last_reminded_at`.
 * Yousign requests are reminded by Yousign itself; ended or expired requests are left alone.
 * Answers the request as it now stands.
 */
export async function remindSignatureSigners(deps: SignatureDeps, organisationId: string, requestId: string, round: number, at: Date): Promise<SignatureRequestView> {
  const request = await findSignatureRequest(deps.db, organisationId, requestId);
  if (request.status !== 'ongoing' || request.method === 'yousign' || request.expiresAt.getTime() <= at.getTime()) return request;
  await deps.inviter(request, { reminderRound: round });
  // Signers sign in order: the reminder went to the first one still pending.
  const reminded = request.signers.find((signer) => signer.status === 'pending');
  if (reminded) await deps.db.update(signatureSigners).set({ lastRemindedAt: at, updatedAt: new Date() }).where(and(eq(signatureSigners.requestId, requestId), eq(signatureSigners.id, reminded.id)));
  return findSignatureRequest(deps.db, organisationId, requestId);
}
