import { and, eq, isNotNull, notExists } from 'drizzle-orm';
import { EsignError } from '../../adapters/esign/esign-error.ts';
import { signatureEvents, signatureRequests } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import type { SignatureDeps } from './signature-deps.ts';
import { recordSignatureEvent, requestsOf, type SignatureSubject } from './signature-request.ts';

/** Yousign statuses in which a request can still be signed, so must be withdrawn there. */
const OPEN_AT_YOUSIGN = ['ongoing', 'approval'];

/** The event that says the provider has the request closed too: recorded once per request. */
export const PROVIDER_CANCELED_EVENT = 'request.provider_canceled';

/**
 * Withdraws at Yousign the subject's requests that were canceled here while Yousign still had them
 * open: the quote was cancelled, declined or accepted otherwise, the mission deleted or cancelled
 * before its signature. Without it the client keeps Yousign's reminder emails and can still sign
 * a document the firm withdrew (the signature would then be refused here, after the fact).
 *
 * Idempotent, and safe to retry: a request already closed at Yousign (canceled from its own
 * interface, or by an earlier attempt whose answer was lost) is only recorded; each request gets
 * one `request.provider_canceled` event (its provider key is `yousign-cancel/<request id>`).
 * Fails with `yousign_http_*` (retryable for 429 and 5xx) when Yousign refuses, and with 503
 * `signature_not_configured` when a Yousign request must be withdrawn by an installation that no
 * longer has a Yousign key.
 */
export async function cancelEndedRequestsAtProvider(
  deps: Pick<SignatureDeps, 'db' | 'yousign'>,
  organisationId: string,
  subject: SignatureSubject,
): Promise<{ withdrawn: number; alreadyClosed: number }> {
  const { db, yousign } = deps;
  const pending = await db
    .select({ id: signatureRequests.id, providerRequestId: signatureRequests.providerRequestId, endReason: signatureRequests.endReason })
    .from(signatureRequests)
    .where(
      and(
        requestsOf(organisationId, subject),
        eq(signatureRequests.method, 'yousign'),
        eq(signatureRequests.status, 'canceled'),
        isNotNull(signatureRequests.providerRequestId),
        notExists(
          db
            .select({ id: signatureEvents.id })
            .from(signatureEvents)
            .where(and(eq(signatureEvents.requestId, signatureRequests.id), eq(signatureEvents.type, PROVIDER_CANCELED_EVENT))),
        ),
      ),
    );
  let withdrawn = 0;
  for (const request of pending) {
    if (!yousign) throw new AppError('unavailable', 'Yousign is not configured: a Yousign signature request cannot be withdrawn', { reason: 'signature_not_configured' });
    const providerRequestId = request.providerRequestId!;
    const before = (await yousign.get(providerRequestId)).status;
    if (OPEN_AT_YOUSIGN.includes(before)) {
      try {
        await yousign.cancel(providerRequestId, { reason: 'contractualization_aborted', custom_note: request.endReason ?? undefined });
        withdrawn++;
      } catch (error) {
        // Closed meanwhile (the signer finished, or someone canceled it at Yousign): nothing left to withdraw.
        if (!(error instanceof EsignError) || error.retryable || OPEN_AT_YOUSIGN.includes((await yousign.get(providerRequestId)).status)) throw error;
      }
    }
    await recordSignatureEvent(db, {
      organisationId,
      requestId: request.id,
      type: PROVIDER_CANCELED_EVENT,
      providerEventId: `yousign-cancel/${request.id}`,
      data: { provider: 'yousign', providerRequestId, statusBefore: before },
    });
  }
  return { withdrawn, alreadyClosed: pending.length - withdrawn };
}
