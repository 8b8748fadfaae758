import type { Db } from '../../db/client.ts';
import type { Actor } from '../history/record-history.ts';
import type { MissionView } from './mission-view.ts';
import { transitionMission } from './transition-mission.ts';

/**
 * Marks a validated mission as sent for signature (its engagement letter went to the client),
 * again after a request ended without signature. Idempotent.
 */
export async function sendMissionForSignature(db: Db, actor: Actor, missionId: string, at: Date): Promise<MissionView> {
  const { mission } = await transitionMission(db, actor, missionId, {
    command: 'sendForSignature',
    set: { sentForSignatureAt: at },
    // Validated with a sending date: a request ended without signature brought it back, and this is a new sending.
    alreadyApplied: (current) => current.sentForSignatureAt !== null && current.status !== 'cancelled' && current.status !== 'validated',
  });
  return mission;
}
