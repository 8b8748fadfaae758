import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { missionLines, missions } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { lineInputOf, lineRows } from './create-mission.ts';
import { assertMissionReferences } from './mission-references.ts';
import { missionInputSchema, type MissionPatch } from './mission-input.ts';
import { assertMayRun } from './mission-lifecycle.ts';
import { findMission, type MissionView } from './mission-view.ts';

/**
 * Edits a draft mission; `lines`, when given, replaces every line. A validated mission is frozen
 * (409): to change it, cancel it and create another one — or amend it once it is active.
 */
export async function updateMission(db: Db, actor: Actor, missionId: string, patch: MissionPatch): Promise<MissionView> {
  return db.transaction(async (tx) => {
    const before = await findMission(tx, actor.organisationId, missionId, { forUpdate: true });
    assertMayRun(before, 'edit');
    const { lines, ...fields } = patch;
    // Dates may change one at a time: check the bounds on the merged mission.
    const merged = missionInputSchema.safeParse({
      clientId: before.clientId,
      name: before.name,
      startDate: patch.startDate ?? before.startDate,
      endDate: patch.endDate ?? before.endDate,
      lines: lines ?? before.lines.map(lineInputOf),
    });
    if (!merged.success) {
      throw AppError.invalid(merged.error.issues.map((issue) => ({ field: issue.path.join('.'), location: 'body' as const, message: issue.message })));
    }
    await assertMissionReferences(tx, actor.organisationId, fields, lines ?? []);
    const changes = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
    await tx
      .update(missions)
      .set({ ...changes, updatedAt: new Date() })
      .where(and(eq(missions.organisationId, actor.organisationId), eq(missions.id, missionId)));
    if (lines) {
      await tx.delete(missionLines).where(eq(missionLines.missionId, missionId));
      if (lines.length > 0) {
        await tx.insert(missionLines).values(lineRows(lines, { organisationId: actor.organisationId, missionId }));
      }
    }
    const after = await findMission(tx, actor.organisationId, missionId);
    await recordHistory(tx, actor, { type: 'mission', id: missionId }, { action: 'update', before, after });
    return after;
  });
}
