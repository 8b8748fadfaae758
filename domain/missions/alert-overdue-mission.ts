import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { missions, users } from '../../db/schema/index.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { unsignedStatuses } from './mission-status.ts';
import { findMission, type MissionView } from './mission-view.ts';

/** Who to tell that a mission is still unsigned. */
export interface OverdueAlert {
  mission: MissionView;
  /** Null when nobody is assigned (or the user has no email): the alert is only recorded. */
  assignee: { userId: string; email: string; firstName: string; lastName: string } | null;
}

/**
 * Records that a mission stayed unsigned past the allowed delay (`overdue_alerted_at`, once) and
 * tells who must chase the client. Returns null when there is nothing to alert: the mission was
 * signed or cancelled in the meantime. Idempotent: a retry after the alert was recorded returns the
 * same alert, so the caller can (re)send its email under a stable idempotency key.
 */
export async function alertOverdueMission(db: Db, actor: Actor, missionId: string, at: Date): Promise<OverdueAlert | null> {
  return db.transaction(async (tx) => {
    const before = await findMission(tx, actor.organisationId, missionId, { forUpdate: true });
    let mission = before;
    if (before.overdueAlertedAt === null) {
      if (!unsignedStatuses.includes(before.status)) return null;
      await tx
        .update(missions)
        .set({ overdueAlertedAt: at, updatedAt: new Date() })
        .where(and(eq(missions.id, missionId), isNull(missions.overdueAlertedAt)));
      mission = await findMission(tx, actor.organisationId, missionId);
      await recordHistory(tx, actor, { type: 'mission', id: missionId }, { action: 'update', before, after: mission });
    }
    if (mission.assigneeUserId === null) return { mission, assignee: null };
    const [user] = await tx
      .select({ userId: users.id, email: users.email, firstName: users.firstName, lastName: users.lastName })
      .from(users)
      .where(and(eq(users.organisationId, actor.organisationId), eq(users.id, mission.assigneeUserId)));
    return { mission, assignee: user ?? null };
  });
}
