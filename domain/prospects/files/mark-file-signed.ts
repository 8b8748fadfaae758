import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectFiles } from '../../../db/schema/index.ts';
import { recordHistory, type Actor } from '../../history/record-history.ts';
import { prospectEntityTypes } from '../history-subjects.ts';
import { assertFileOpen } from './assert-file-open.ts';
import { assertReasons } from './assert-reasons.ts';
import { convertProspect } from './convert-prospect.ts';
import { findFile, findFileRow, type FileView } from './file-view.ts';
import { fileSnapshot } from './history-snapshot.ts';
import { refreshProspectStatus } from './refresh-prospect-status.ts';

/**
 * Marks a file signed for at least one win reason and converts the prospect into a client
 * (creating the client file), without moving the stage to 99 %. Refused (422, listing what is
 * missing) unless the prospect has a contact and the file a chosen template with an offer.
 */
export async function markFileSigned(db: Db, actor: Actor, fileId: string, input: { reasonIds: string[] }): Promise<{ file: FileView; clientId: string }> {
  return db.transaction(async (tx) => {
    const row = await findFileRow(tx, actor.organisationId, fileId, { forUpdate: true });
    assertFileOpen(row);
    const reasonIds = await assertReasons(tx, actor.organisationId, 'win', input.reasonIds);
    const before = await findFile(tx, actor.organisationId, fileId);
    const clientId = await convertProspect(tx, actor, row);
    await tx.update(prospectFiles).set({ status: 'signed', signedAt: new Date(), reasonIds, updatedAt: new Date() }).where(eq(prospectFiles.id, fileId));
    const after = await findFile(tx, actor.organisationId, fileId);
    await recordHistory(tx, actor, { type: prospectEntityTypes.file, id: fileId }, { action: 'update', before: fileSnapshot(before), after: fileSnapshot(after) });
    await refreshProspectStatus(tx, actor, row.prospectId);
    return { file: after, clientId };
  });
}
