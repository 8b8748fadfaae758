import type { SignatureDeps } from './signature-deps.ts';
import { findSignatureRequest, recordSignatureEvent, settleSignatureRequest, type SignatureRequestView } from './signature-request.ts';

/** The reason a request that reached its expiry date ends with. */
export const EXPIRED_REASON = 'Délai de signature expiré';

/**
 * Expires a request of the built-in page or of the manual way once its expiry date has passed
 * (Yousign expires its own and says so by webhook): the request ends `expired`, the event joins
 * the audit trail, and the links then show a closed request. Idempotent; a request that ended
 * meanwhile keeps its status. Answers the request as it now stands.
 */
export async function expireSignatureRequest(deps: Pick<SignatureDeps, 'db'>, organisationId: string, requestId: string, at: Date): Promise<SignatureRequestView> {
  const request = await findSignatureRequest(deps.db, organisationId, requestId);
  if (request.status !== 'ongoing' || request.method === 'yousign' || request.expiresAt.getTime() > at.getTime()) return request;
  await deps.db.transaction(async (tx) => {
    const settled = await settleSignatureRequest(tx, requestId, 'expired', at, EXPIRED_REASON);
    if (settled.status === 'expired') await recordSignatureEvent(tx, { organisationId, requestId, type: 'request.expired', providerEventId: `expired/${requestId}`, at });
  });
  return findSignatureRequest(deps.db, organisationId, requestId);
}
