import { eq } from 'drizzle-orm';
import { readStoredBytes } from '../../adapters/storage/document-storage.ts';
import type { YousignEvent } from '../../adapters/esign/yousign/yousign-webhook.ts';
import { yousignEventTime } from '../../adapters/esign/yousign/yousign-webhook.ts';
import { signatureSigners } from '../../db/schema/index.ts';
import { findDocumentRow } from '../documents/document-view.ts';
import { AppError } from '../errors.ts';
import { completeSignatureRequest } from './complete-signature-request.ts';
import type { SignatureDeps } from './signature-deps.ts';
import { findRequestByProviderId, findSignatureRequest, markSignerSigned, recordProviderIds, recordSignatureEvent, settleSignatureRequest, type SignatureRequestView } from './signature-request.ts';

/** Yousign's reminder intervals (days). */
const INTERVALS = [1, 2, 7, 14] as const;

/**
 * Launches a request on Yousign (API v3): the draft request (`external_id` = the subject, expiry,
 * reminders), the documents (the letter as `signable_document` with its smart anchors parsed, the
 * attachments as `attachment`), the signers in order with the firm's level and OTP, then
 * activation. Idempotent: a request that already has its Yousign id is left as is.
 */
export async function launchOnYousign(deps: SignatureDeps, request: SignatureRequestView, name: string): Promise<SignatureRequestView> {
  if (request.providerRequestId) return request;
  const yousign = deps.yousign;
  if (!yousign) throw new AppError('unavailable', 'Yousign n’est pas configuré');
  const interval = INTERVALS.reduce((best, days) => (Math.abs(days - request.reminderIntervalDays) < Math.abs(best - request.reminderIntervalDays) ? days : best), 7 as (typeof INTERVALS)[number]);
  const draft = await yousign.createSignatureRequest({
    name,
    external_id: `${request.subjectType}/${request.subjectId}`,
    expiration_date: request.expiresAt.toISOString().slice(0, 10),
    reminder_settings: { interval_in_days: interval, max_occurrences: 10 },
    ordered_signers: true,
  });
  const documents: Record<string, string> = {};
  for (const document of request.documents) {
    const row = await findDocumentRow(deps.db, request.organisationId, document.documentId);
    const bytes = await readStoredBytes(deps.storage, row.storageKey);
    documents[document.id] = (await yousign.addDocument(draft.id, { bytes, fileName: document.name, nature: document.nature })).id;
  }
  const signers: Record<string, string> = {};
  for (const signer of request.signers) {
    const [first, ...rest] = signer.fullName.split(' ');
    signers[signer.id] = (
      await yousign.addSigner(draft.id, {
        info: { first_name: first ?? signer.fullName, last_name: rest.join(' ') || (first ?? ''), email: signer.email, ...(signer.mobile ? { phone_number: signer.mobile } : {}), locale: 'fr' },
        signature_level: request.level === 'advanced' ? 'advanced_electronic_signature' : 'electronic_signature',
        signature_authentication_mode: request.level === 'advanced' ? 'otp_sms' : 'otp_email',
      })
    ).id;
  }
  await yousign.activate(draft.id);
  await recordProviderIds(deps.db, request.id, { requestId: draft.id, signers, documents });
  await recordSignatureEvent(deps.db, { organisationId: request.organisationId, requestId: request.id, type: 'request.sent', data: { provider: 'yousign', providerRequestId: draft.id } });
  return findSignatureRequest(deps.db, request.organisationId, request.id);
}

/**
 * Applies one (authenticated) Yousign webhook event. Events are deduplicated on `event_id`, and any
 * order is tolerated: `signer.done` marks its signer, `signature_request.done` closes the request
 * (and every signer), declined / expired / canceled close it with that status; a request already
 * closed keeps its first final status. After every event, duplicate or not, a done request is
 * completed (signed PDF and audit trail filed, subject told), and any other is reported to its
 * subject, both idempotent: a delivery that failed halfway is finished by the retry. Unknown
 * requests are ignored.
 */
export async function handleYousignEvent(deps: SignatureDeps, event: YousignEvent): Promise<{ outcome: 'applied' | 'duplicate' | 'ignored' }> {
  const request = await findRequestByProviderId(deps.db, 'yousign', event.data.signature_request.id);
  if (!request) return { outcome: 'ignored' };
  const at = yousignEventTime(event);
  const signer = event.data.signer ? request.signers.find((s) => s.providerSignerId === event.data.signer!.id) : undefined;
  const fresh = await deps.db.transaction(async (tx) => {
    const recorded = await recordSignatureEvent(tx, {
      organisationId: request.organisationId,
      requestId: request.id,
      signerId: signer?.id,
      type: event.event_name,
      providerEventId: `yousign/${event.event_id}`,
      data: { event_name: event.event_name, status: event.data.signature_request.status ?? null },
      at,
    });
    if (!recorded) return false;
    switch (event.event_name) {
      case 'signer.done':
        if (signer) await markSignerSigned(tx, signer.id, at);
        break;
      case 'signature_request.done':
        for (const s of request.signers) await markSignerSigned(tx, s.id, at);
        await settleSignatureRequest(tx, request.id, 'done', at);
        break;
      case 'signer.declined':
        if (signer) await tx.update(signatureSigners).set({ status: 'declined', updatedAt: new Date() }).where(eq(signatureSigners.id, signer.id));
        await settleSignatureRequest(tx, request.id, 'declined', at, event.data.reason ?? 'Refus du signataire');
        break;
      case 'signature_request.declined':
        await settleSignatureRequest(tx, request.id, 'declined', at, event.data.reason ?? 'Refus du signataire');
        break;
      case 'signature_request.expired':
        await settleSignatureRequest(tx, request.id, 'expired', at, 'Délai de signature expiré');
        break;
      case 'signature_request.canceled':
        await settleSignatureRequest(tx, request.id, 'canceled', at, event.data.reason ?? 'Demande annulée');
        break;
      default:
        break;
    }
    return true;
  });
  // Duplicates tell the subject again: the delivery that recorded the event may have failed before
  // telling it (Temporal unreachable: a 500, so the provider retries), and the subjects' workflows
  // take a report or an ending twice as once.
  const current = await findSignatureRequest(deps.db, request.organisationId, request.id);
  if (current.status === 'done') await completeSignatureRequest(deps, request.organisationId, request.id);
  else if (current.status !== 'ongoing') await deps.notifier.ended(current, current.status, current.endReason);
  else await deps.notifier.progressed(current);
  return { outcome: fresh ? 'applied' : 'duplicate' };
}
