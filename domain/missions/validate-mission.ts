import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { missionLetters, missionLines } from '../../db/schema/index.ts';
import { letterGaps } from '../letters/mission-letter.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import type { MissionView } from './mission-view.ts';
import { transitionMission } from './transition-mission.ts';

/**
 * Validates a draft mission: its content is frozen from now on. The lead time and price each
 * line takes from the catalogue are copied into the line, so a later catalogue change does not
 * alter what the client signs. Needs at least one line and, when the mission has a letter, every
 * required field of it (422 naming each, `letter.<field>`); the workflow then renders the letter
 * to PDF (freezeMissionLetter). A mission without a letter (signed on paper, recorded by hand)
 * validates as before. Idempotent (a retry returns the mission).
 */
export async function validateMission(db: Db, actor: Actor, missionId: string, at: Date): Promise<MissionView> {
  const { mission } = await transitionMission(db, actor, missionId, {
    command: 'validate',
    set: { validatedAt: at },
    alreadyApplied: (current) => current.status !== 'draft' && current.status !== 'cancelled' && current.validatedAt !== null,
    alongside: async (tx, current) => {
      if (current.lines.length === 0) throw new AppError('precondition_failed', 'A mission needs at least one service line to be validated', { reason: 'mission_without_lines' });
      const [letter] = await tx.select().from(missionLetters).where(and(eq(missionLetters.organisationId, actor.organisationId), eq(missionLetters.missionId, missionId)));
      const missing = letter ? await letterGaps(tx, actor.organisationId, letter) : [];
      if (missing.length > 0) {
        throw new AppError('precondition_failed', `La lettre de mission est incomplète : ${missing.join(', ')}`, {
          reason: 'mission_letter_incomplete',
          missing: missing.map((field) => `letter.${field}`),
          fields: missing.map((field) => ({ field: `letter.${field}`, location: 'body' as const, message: 'à renseigner avant la validation' })),
        });
      }
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
