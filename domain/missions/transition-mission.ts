import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { missions } from '../../db/schema/index.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { assertMayRun, missionCommands, type MissionCommand } from './mission-lifecycle.ts';
import { findMission, type MissionRow, type MissionView } from './mission-view.ts';

/**
 * One status transition of a mission, as the lifecycle use cases describe it: the command (its
 * allowed statuses and target come from the lifecycle table) and what it writes.
 */
export interface Transition {
  command: Exclude<MissionCommand, 'edit' | 'amend' | 'alertOverdue' | 'delete'>;
  /** Columns written with the new status (timestamps, signature…). */
  set: Partial<Pick<MissionRow, 'validatedAt' | 'sentForSignatureAt' | 'signedAt' | 'signature' | 'activatedAt' | 'finishedAt' | 'cancelledAt'>>;
  /**
   * True when the mission already went through this very transition: the call is a retry (an
   * activity re-run after a crash) and changes nothing. Defaults to "already in `to`".
   */
  alreadyApplied?: (mission: MissionView) => boolean;
  /** Extra writes in the same transaction (e.g. freezing the lines on validation). */
  alongside?: (tx: Db, mission: MissionView) => Promise<void>;
}

/**
 * Applies a status transition idempotently, in one transaction with its history: the mission row
 * is locked, a retry of an applied transition returns the mission unchanged (`changed: false`),
 * any other status is a 409.
 */
export async function transitionMission(db: Db, actor: Actor, missionId: string, transition: Transition): Promise<{ mission: MissionView; changed: boolean }> {
  return db.transaction(async (tx) => {
    const before = await findMission(tx, actor.organisationId, missionId, { forUpdate: true });
    const to = missionCommands[transition.command].to;
    const applied = transition.alreadyApplied ?? ((mission: MissionView) => mission.status === to);
    if (applied(before)) return { mission: before, changed: false };
    assertMayRun(before, transition.command);
    await transition.alongside?.(tx, before);
    await tx
      .update(missions)
      .set({ ...transition.set, status: to, updatedAt: new Date() })
      .where(and(eq(missions.organisationId, actor.organisationId), eq(missions.id, missionId)));
    const after = await findMission(tx, actor.organisationId, missionId);
    await recordHistory(tx, actor, { type: 'mission', id: missionId }, { action: 'update', before, after });
    return { mission: after, changed: true };
  });
}
