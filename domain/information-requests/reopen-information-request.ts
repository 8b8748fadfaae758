import type { Db } from '../../db/client.ts';
import type { Actor } from '../history/record-history.ts';
import type { InformationRequestDetail } from './information-request-view.ts';
import { transitionInformationRequest } from './transition-information-request.ts';

/**
 * Reopens an answered or closed request (the answer was incomplete, a document is missing): it
 * is open again on the client's portal and can be answered. An open request is a 409.
 */
export async function reopenInformationRequest(db: Db, actor: Actor, requestId: string): Promise<InformationRequestDetail> {
  return transitionInformationRequest(db, actor, requestId, { to: 'open', set: () => ({ closedAt: null }), conflict: 'The information request is already open' });
}
