import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { prospectFiles, prospects } from '../../db/schema/index.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { assertSalespeople } from './assert-salespeople.ts';
import { prospectSearchColumns } from './create-prospect.ts';
import { prospectEntityTypes } from './history-subjects.ts';
import type { ProspectPatch } from './prospect-input.ts';
import { findProspectRow, toProspectView, type ProspectView } from './prospect-view.ts';

/** Changes a prospect's fiche; each changed field goes to the history (old → new). */
export async function updateProspect(db: Db, actor: Actor, prospectId: string, patch: ProspectPatch): Promise<ProspectView> {
  return db.transaction(async (tx) => {
    const before = await findProspectRow(tx, actor.organisationId, prospectId, { forUpdate: true });
    if (patch.sourceSalespersonId || patch.operationalSalespersonId) {
      const files = await tx
        .select({ firmId: prospectFiles.firmId })
        .from(prospectFiles)
        .where(and(eq(prospectFiles.prospectId, prospectId), isNotNull(prospectFiles.firmId)));
      await assertSalespeople(
        tx,
        actor.organisationId,
        { sourceSalespersonId: patch.sourceSalespersonId, operationalSalespersonId: patch.operationalSalespersonId },
        [...new Set(files.map((file) => file.firmId!))],
      );
    }
    const merged = { ...before, ...patch };
    const [row] = await tx
      .update(prospects)
      .set({ ...patch, ...prospectSearchColumns(merged), updatedAt: new Date() })
      .where(and(eq(prospects.organisationId, actor.organisationId), eq(prospects.id, prospectId)))
      .returning();
    const after = toProspectView(row!);
    await recordHistory(tx, actor, { type: prospectEntityTypes.prospect, id: prospectId }, { action: 'update', before: toProspectView(before), after });
    return after;
  });
}
