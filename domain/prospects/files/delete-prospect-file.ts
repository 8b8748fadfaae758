import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectFiles } from '../../../db/schema/index.ts';
import { recordHistory, type Actor } from '../../history/record-history.ts';
import { prospectEntityTypes } from '../history-subjects.ts';
import { findFile } from './file-view.ts';
import { fileSnapshot } from './history-snapshot.ts';
import { refreshProspectStatus } from './refresh-prospect-status.ts';

/** Deletes a file (and its missions); a converted prospect stays a client. */
export async function deleteProspectFile(db: Db, actor: Actor, fileId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await findFile(tx, actor.organisationId, fileId);
    await tx.delete(prospectFiles).where(eq(prospectFiles.id, fileId));
    await recordHistory(tx, actor, { type: prospectEntityTypes.file, id: fileId }, { action: 'delete', before: fileSnapshot(before) });
    await refreshProspectStatus(tx, actor, before.prospectId);
  });
}
