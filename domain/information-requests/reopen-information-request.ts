import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { informationRequests } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { findInformationRequestDetail, type InformationRequestDetail } from './information-request-view.ts';

/**
 * Reopens an answered or closed request (the answer was incomplete, a document is missing): it
 * is open again on the client's portal and can be answered. An open request is a 409.
 */
export async function reopenInformationRequest(db: Db, actor: Actor, requestId: string): Promise<InformationRequestDetail> {
  return db.transaction(async (tx) => {
    const before = await findInformationRequestDetail(tx, actor.organisationId, requestId);
    const [reopened] = await tx
      .update(informationRequests)
      .set({ status: 'open', closedAt: null, updatedAt: new Date() })
      .where(and(eq(informationRequests.organisationId, actor.organisationId), eq(informationRequests.id, requestId), ne(informationRequests.status, 'open')))
      .returning({ id: informationRequests.id });
    if (!reopened) throw new AppError('conflict', 'The information request is already open');
    const after = await findInformationRequestDetail(tx, actor.organisationId, requestId);
    const { answers: _b, ...beforeRecord } = before;
    const { answers: _a, ...afterRecord } = after;
    await recordHistory(tx, actor, { type: 'information_request', id: requestId }, { action: 'update', before: beforeRecord, after: afterRecord });
    return after;
  });
}
