import type { Db } from '../../db/client.ts';
import type { Actor } from '../history/record-history.ts';
import type { MissionView } from './mission-view.ts';
import { cancelOngoingSignatureRequests } from '../signature/signature-request.ts';
import { transitionMission } from './transition-mission.ts';

/**
 * Cancels a mission that is not finished: a draft dropped, a letter never signed, or an active
 * engagement terminated. Like finishing, it stops every line. A letter still out for signature
 * has its request cancelled in the same transaction, so its signers can no longer sign it (the
 * workflow then withdraws a Yousign request at Yousign). Idempotent.
 */
export async function cancelMission(db: Db, actor: Actor, missionId: string, at: Date): Promise<MissionView> {
  const { mission } = await transitionMission(db, actor, missionId, {
    command: 'cancel',
    set: { cancelledAt: at },
    alongside: (tx) => cancelOngoingSignatureRequests(tx, actor.organisationId, { type: 'mission', id: missionId }, 'Mission annulée', at),
  });
  return mission;
}
