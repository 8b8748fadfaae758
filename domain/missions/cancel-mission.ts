import type { Db } from '../../db/client.ts';
import type { Actor } from '../history/record-history.ts';
import type { MissionView } from './mission-view.ts';
import { transitionMission } from './transition-mission.ts';

/**
 * Cancels a mission that is not finished: a draft dropped, a letter never signed, or an active
 * engagement terminated. Like finishing, it stops every line. Idempotent.
 */
export async function cancelMission(db: Db, actor: Actor, missionId: string, at: Date): Promise<MissionView> {
  const { mission } = await transitionMission(db, actor, missionId, {
    command: 'cancel',
    set: { cancelledAt: at },
  });
  return mission;
}
