import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectFiles } from '../../../db/schema/index.ts';
import { recordHistory, type Actor } from '../../history/record-history.ts';
import { prospectEntityTypes } from '../history-subjects.ts';
import { assertFileOpen } from './assert-file-open.ts';
import { assertReasons } from './assert-reasons.ts';
import { findFile, findFileRow, type FileView } from './file-view.ts';
import { fileSnapshot } from './history-snapshot.ts';
import { refreshProspectStatus } from './refresh-prospect-status.ts';

/**
 * Marks a file lost, for at least one loss reason and with a written justification. When every
 * file of the prospect is lost, the prospect is lost.
 */
export async function markFileLost(db: Db, actor: Actor, fileId: string, input: { reasonIds: string[]; justification: string }): Promise<FileView> {
  return db.transaction(async (tx) => {
    const row = await findFileRow(tx, actor.organisationId, fileId, { forUpdate: true });
    assertFileOpen(row);
    const reasonIds = await assertReasons(tx, actor.organisationId, 'loss', input.reasonIds);
    const before = await findFile(tx, actor.organisationId, fileId);
    await tx
      .update(prospectFiles)
      .set({ status: 'lost', lostAt: new Date(), reasonIds, lossJustification: input.justification, updatedAt: new Date() })
      .where(eq(prospectFiles.id, fileId));
    const after = await findFile(tx, actor.organisationId, fileId);
    await recordHistory(tx, actor, { type: prospectEntityTypes.file, id: fileId }, { action: 'update', before: fileSnapshot(before), after: fileSnapshot(after) });
    await refreshProspectStatus(tx, actor, row.prospectId);
    return after;
  });
}
