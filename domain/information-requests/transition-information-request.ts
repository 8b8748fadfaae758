import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { informationRequests } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { findInformationRequestDetail, type InformationRequestDetail } from './information-request-view.ts';

type RequestStatus = (typeof informationRequests.$inferSelect)['status'];

/**
 * Moves an information request of the organisation to `to` (with the other columns `set` gives
 * for the instant of the change), recording the change in its history; a request already in `to`
 * is a 409 with `conflict` as its message. The status condition makes two concurrent changes a
 * single one.
 */
export async function transitionInformationRequest(
  db: Db,
  actor: Actor,
  requestId: string,
  transition: { to: RequestStatus; set: (now: Date) => Partial<typeof informationRequests.$inferInsert>; conflict: string },
): Promise<InformationRequestDetail> {
  return db.transaction(async (tx) => {
    const before = await findInformationRequestDetail(tx, actor.organisationId, requestId);
    const now = new Date();
    const [changed] = await tx
      .update(informationRequests)
      .set({ ...transition.set(now), status: transition.to, updatedAt: now })
      .where(and(eq(informationRequests.organisationId, actor.organisationId), eq(informationRequests.id, requestId), ne(informationRequests.status, transition.to)))
      .returning({ id: informationRequests.id });
    if (!changed) throw new AppError('conflict', transition.conflict);
    const after = await findInformationRequestDetail(tx, actor.organisationId, requestId);
    const { answers: _b, ...beforeRecord } = before;
    const { answers: _a, ...afterRecord } = after;
    await recordHistory(tx, actor, { type: 'information_request', id: requestId }, { action: 'update', before: beforeRecord, after: afterRecord });
    return after;
  });
}
