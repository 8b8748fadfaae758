import type { Db } from '../../db/client.ts';
import type { Actor } from '../history/record-history.ts';
import type { InformationRequestDetail } from './information-request-view.ts';
import { transitionInformationRequest } from './transition-information-request.ts';

/**
 * Closes an information request: the firm has what it needs (or no longer needs it). The client
 * still sees it, but can no longer answer it. Closing a closed request is a 409.
 */
export async function closeInformationRequest(db: Db, actor: Actor, requestId: string): Promise<InformationRequestDetail> {
  return transitionInformationRequest(db, actor, requestId, { to: 'closed', set: (now) => ({ closedAt: now }), conflict: 'The information request is already closed' });
}
