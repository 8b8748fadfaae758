import type { Db } from '../../db/client.ts';
import type { Actor } from '../history/record-history.ts';
import type { MissionView } from './mission-view.ts';
import { transitionMission } from './transition-mission.ts';

/**
 * Finishes a signed or active mission: no occurrence is created after this (the workflow stops
 * its lines; a late occurrence activity sees the status and creates nothing). Idempotent.
 */
export async function finishMission(db: Db, actor: Actor, missionId: string, at: Date): Promise<MissionView> {
  const { mission } = await transitionMission(db, actor, missionId, {
    command: 'finish',
    set: { finishedAt: at },
  });
  return mission;
}
