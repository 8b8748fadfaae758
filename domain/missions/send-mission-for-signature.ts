import type { Db } from '../../db/client.ts';
import type { Actor } from '../history/record-history.ts';
import type { MissionView } from './mission-view.ts';
import { transitionMission } from './transition-mission.ts';

/**
 * Marks a validated mission as sent for signature (its engagement letter went to the client).
 * Idempotent.
 */
export async function sendMissionForSignature(db: Db, actor: Actor, missionId: string, at: Date): Promise<MissionView> {
  const { mission } = await transitionMission(db, actor, missionId, {
    command: 'sendForSignature',
    set: { sentForSignatureAt: at },
    alreadyApplied: (current) => current.sentForSignatureAt !== null && current.status !== 'cancelled',
  });
  return mission;
}
