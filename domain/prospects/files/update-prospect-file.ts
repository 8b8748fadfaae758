import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectFiles } from '../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { recordHistory, type Actor } from '../../history/record-history.ts';
import { prospectEntityTypes } from '../history-subjects.ts';
import { assertFileAssignments } from './assert-file-assignments.ts';
import { assertFileOpen } from './assert-file-open.ts';
import { convertProspect } from './convert-prospect.ts';
import type { FilePatch } from './file-input.ts';
import { findFile, findFileRow, type FileView } from './file-view.ts';
import { fileSnapshot } from './history-snapshot.ts';
import { refreshProspectStatus } from './refresh-prospect-status.ts';
import { replaceFileMissions } from './replace-file-missions.ts';

/**
 * Changes an open file: stage, client type, dates, assignments, template and offer, missions.
 * Moving it to Gagné (99 %) signs it and converts the prospect, refused with the list of what is
 * missing unless the prospect has a contact and the file a template and an offer.
 */
export async function updateProspectFile(db: Db, actor: Actor, fileId: string, patch: FilePatch): Promise<FileView> {
  return db.transaction(async (tx) => {
    const row = await findFileRow(tx, actor.organisationId, fileId, { forUpdate: true });
    assertFileOpen(row);
    const before = await findFile(tx, actor.organisationId, fileId);
    const { missions, ...fields } = patch;
    const merged = { ...row, ...fields };
    if (merged.startDate && merged.endDate && merged.startDate > merged.endDate) {
      throw AppError.invalid([{ field: fields.endDate !== undefined ? 'endDate' : 'startDate', location: 'body', message: 'the end date must not be before the start date' }]);
    }
    await assertFileAssignments(tx, actor.organisationId, row.serviceType, {
      firmId: merged.firmId,
      officeId: merged.officeId,
      holderUserId: merged.holderUserId,
      partnerUserId: merged.partnerUserId,
      missions: missions ?? before.missions,
    });
    const wins = fields.stage === 'won' && row.stage !== 'won';
    const [updated] = await tx
      .update(prospectFiles)
      .set({ ...fields, ...(wins ? { status: 'signed' as const, signedAt: new Date() } : {}), updatedAt: new Date() })
      .where(eq(prospectFiles.id, fileId))
      .returning();
    if (missions) await replaceFileMissions(tx, actor.organisationId, fileId, missions);
    if (wins) await convertProspect(tx, actor, updated!);
    const after = await findFile(tx, actor.organisationId, fileId);
    await recordHistory(tx, actor, { type: prospectEntityTypes.file, id: fileId }, { action: 'update', before: fileSnapshot(before), after: fileSnapshot(after) });
    await refreshProspectStatus(tx, actor, row.prospectId);
    return after;
  });
}
