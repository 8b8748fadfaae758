import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { informationRequests, missions, tasks } from '../../db/schema/index.ts';
import { cancelOngoingSignatureRequests } from '../signature/signature-request.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { assertMayRun } from './mission-lifecycle.ts';
import { findMission } from './mission-view.ts';

/**
 * Deletes an unsigned mission (draft, validated or awaiting signature; seed 000 step 4: a
 * validated letter is changed by deleting the mission and creating a new one). Its lines and
 * letter go with it; its open signature request is canceled (the built-in links then say so); the
 * letter's PDF stays in the client's document store, like any document; manual tasks and requests
 * that named the mission lose the link. Signed missions are cancelled or finished instead (409).
 * Idempotent: a mission already deleted answers `deleted: false`.
 */
export async function deleteMission(db: Db, actor: Actor, missionId: string, at: Date): Promise<{ deleted: boolean }> {
  return db.transaction(async (tx) => {
    const before = await findMission(tx, actor.organisationId, missionId, { forUpdate: true }).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') return null;
      throw error;
    });
    if (!before) return { deleted: false };
    assertMayRun(before, 'delete');
    await cancelOngoingSignatureRequests(tx, actor.organisationId, { type: 'mission', id: missionId }, 'Mission supprimée', at);
    await tx.update(tasks).set({ missionId: null, updatedAt: new Date() }).where(eq(tasks.missionId, missionId));
    await tx.update(informationRequests).set({ missionId: null, updatedAt: new Date() }).where(eq(informationRequests.missionId, missionId));
    await tx.delete(missions).where(and(eq(missions.organisationId, actor.organisationId), eq(missions.id, missionId)));
    await recordHistory(tx, actor, { type: 'mission', id: missionId }, { action: 'delete', before });
    return { deleted: true };
  });
}
