import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { missionLines } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import type { MissionView } from './mission-view.ts';
import { transitionMission } from './transition-mission.ts';

/**
 * Validates a draft mission: its content is frozen from now on. The lead time and price each
 * line takes from the catalogue are copied into the line, so a later catalogue change does not
 * alter what the client signs. Needs at least one line. Idempotent (a retry returns the mission).
 */
export async function validateMission(db: Db, actor: Actor, missionId: string, at: Date): Promise<MissionView> {
  const { mission } = await transitionMission(db, actor, missionId, {
    command: 'validate',
    set: { validatedAt: at },
    alreadyApplied: (current) => current.status !== 'draft' && current.status !== 'cancelled' && current.validatedAt !== null,
    alongside: async (tx, current) => {
      if (current.lines.length === 0) throw new AppError('precondition_failed', 'A mission needs at least one service line to be validated', { reason: 'mission_without_lines' });
      for (const line of current.lines) {
        if (line.leadTimeDays === line.effectiveLeadTimeDays && line.priceCents === line.effectivePriceCents) continue;
        const frozen = { leadTimeDays: line.effectiveLeadTimeDays, priceCents: line.effectivePriceCents };
        await tx.update(missionLines).set({ ...frozen, updatedAt: at }).where(eq(missionLines.id, line.id));
        await recordHistory(tx, actor, { type: 'mission_line', id: line.id }, { action: 'update', before: line, after: { ...line, ...frozen } });
      }
    },
  });
  return mission;
}
