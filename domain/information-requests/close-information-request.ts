import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { informationRequests } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { findInformationRequestDetail, type InformationRequestDetail } from './information-request-view.ts';

/**
 * Closes an information request: the firm has what it needs (or no longer needs it). The client
 * still sees it, but can no longer answer it. Closing a closed request is a 409.
 */
export async function closeInformationRequest(db: Db, actor: Actor, requestId: string): Promise<InformationRequestDetail> {
  return db.transaction(async (tx) => {
    const before = await findInformationRequestDetail(tx, actor.organisationId, requestId);
    const now = new Date();
    const [closed] = await tx
      .update(informationRequests)
      .set({ status: 'closed', closedAt: now, updatedAt: now })
      .where(and(eq(informationRequests.organisationId, actor.organisationId), eq(informationRequests.id, requestId), ne(informationRequests.status, 'closed')))
      .returning({ id: informationRequests.id });
    if (!closed) throw new AppError('conflict', 'The information request is already closed');
    const after = await findInformationRequestDetail(tx, actor.organisationId, requestId);
    const { answers: _b, ...beforeRecord } = before;
    const { answers: _a, ...afterRecord } = after;
    await recordHistory(tx, actor, { type: 'information_request', id: requestId }, { action: 'update', before: beforeRecord, after: afterRecord });
    return after;
  });
}
