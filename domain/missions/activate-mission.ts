import type { Db } from '../../db/client.ts';
import type { Actor } from '../history/record-history.ts';
import type { MissionView } from './mission-view.ts';
import { transitionMission } from './transition-mission.ts';

/** Moves a signed mission to `active`: its lines start generating occurrences. Idempotent. */
export async function activateMission(db: Db, actor: Actor, missionId: string, at: Date): Promise<MissionView> {
  const { mission } = await transitionMission(db, actor, missionId, {
    command: 'activate',
    set: { activatedAt: at },
    alreadyApplied: (current) => current.activatedAt !== null && current.status !== 'signed',
  });
  return mission;
}
