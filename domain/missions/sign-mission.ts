import type { Db } from '../../db/client.ts';
import type { SignatureJson } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../history/record-history.ts';
import { MISSION_ALREADY_SIGNED } from './mission-lifecycle.ts';
import type { MissionView } from './mission-view.ts';
import { transitionMission } from './transition-mission.ts';

/**
 * Records the signature of a mission's engagement letter (by staff or by the signature provider)
 * and moves it to `signed`. The same signature recorded twice (a duplicated webhook, a retried
 * activity) changes nothing; another signature of an already signed mission is a 409.
 */
export async function signMission(db: Db, actor: Actor, missionId: string, signature: SignatureJson): Promise<MissionView> {
  const { mission } = await transitionMission(db, actor, missionId, {
    command: 'sign',
    set: { signature, signedAt: new Date(signature.signedAt) },
    alreadyApplied: (current) => {
      if (current.signature === null) return false;
      if (current.signature.signatureId === signature.signatureId) return true;
      throw new AppError('conflict', 'The mission is already signed with another signature', { reason: MISSION_ALREADY_SIGNED, signatureId: current.signature.signatureId });
    },
  });
  return mission;
}
