import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectFiles } from '../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { recordHistory, type Actor } from '../../history/record-history.ts';
import { attachHistorySubject, prospectEntityTypes } from '../history-subjects.ts';
import { findProspectRow } from '../prospect-view.ts';
import { assertFileAssignments } from './assert-file-assignments.ts';
import { convertProspect } from './convert-prospect.ts';
import type { FileInput } from './file-input.ts';
import { findFile, type FileView } from './file-view.ts';
import { fileSnapshot } from './history-snapshot.ts';
import { refreshProspectStatus } from './refresh-prospect-status.ts';
import { replaceFileMissions } from './replace-file-missions.ts';

/**
 * Opens a file (dossier) for one service type on a prospect. A service type is used once per
 * prospect (409 for a second one). Created directly at the Gagné stage, it converts the
 * prospect like any move to Gagné.
 */
export async function createProspectFile(db: Db, actor: Actor, prospectId: string, input: FileInput): Promise<FileView> {
  return db.transaction(async (tx) => {
    await findProspectRow(tx, actor.organisationId, prospectId, { forUpdate: true });
    const [existing] = await tx
      .select({ id: prospectFiles.id })
      .from(prospectFiles)
      .where(and(eq(prospectFiles.prospectId, prospectId), eq(prospectFiles.serviceType, input.serviceType)));
    if (existing) {
      throw new AppError('conflict', `This prospect already has a ${input.serviceType} file; a service type is used once per prospect`, {
        fields: [{ field: 'serviceType', location: 'body', message: 'already used by another file of this prospect' }],
        fileId: existing.id,
      });
    }
    const { missions, ...fields } = input;
    const assignments = {
      firmId: fields.firmId ?? null,
      officeId: fields.officeId ?? null,
      holderUserId: fields.holderUserId ?? null,
      partnerUserId: fields.partnerUserId ?? null,
      missions,
    };
    await assertFileAssignments(tx, actor.organisationId, input.serviceType, assignments);
    const [row] = await tx
      .insert(prospectFiles)
      .values({ ...fields, ...assignments, organisationId: actor.organisationId, prospectId })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('conflict', `This prospect already has a ${input.serviceType} file; a service type is used once per prospect`);
    await replaceFileMissions(tx, actor.organisationId, row.id, missions);
    await attachHistorySubject(tx, { organisationId: actor.organisationId, prospectId, entityType: prospectEntityTypes.file, entityId: row.id });
    await recordHistory(tx, actor, { type: prospectEntityTypes.file, id: row.id }, { action: 'create', after: fileSnapshot(await findFile(tx, actor.organisationId, row.id)) });
    if (row.stage === 'won') {
      await convertProspect(tx, actor, row);
      const before = await findFile(tx, actor.organisationId, row.id);
      await tx.update(prospectFiles).set({ status: 'signed', signedAt: new Date() }).where(eq(prospectFiles.id, row.id));
      const after = await findFile(tx, actor.organisationId, row.id);
      await recordHistory(tx, actor, { type: prospectEntityTypes.file, id: row.id }, { action: 'update', before: fileSnapshot(before), after: fileSnapshot(after) });
    }
    await refreshProspectStatus(tx, actor, prospectId);
    return findFile(tx, actor.organisationId, row.id);
  });
}
