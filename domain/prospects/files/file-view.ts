import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectFileMissions, prospectFiles, prospectReasons } from '../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { stageProbability } from './file-stages.ts';

export type FileRow = typeof prospectFiles.$inferSelect;
export type FileMission = { label: string; executorUserId: string };
/** A file as the API shows it: with its probability, missions and the labels of its reasons. */
export type FileView = FileRow & { probability: number; missions: FileMission[]; reasons: Array<{ id: string; label: string }> };

/** Attaches missions and reason labels to files. */
export async function toFileViews(db: Db, rows: FileRow[]): Promise<FileView[]> {
  if (rows.length === 0) return [];
  const reasonIds = [...new Set(rows.flatMap((row) => row.reasonIds))];
  const [missions, reasons] = await Promise.all([
    db
      .select()
      .from(prospectFileMissions)
      .where(inArray(prospectFileMissions.fileId, rows.map((row) => row.id)))
      .orderBy(asc(prospectFileMissions.position)),
    reasonIds.length > 0 ? db.select({ id: prospectReasons.id, label: prospectReasons.label }).from(prospectReasons).where(inArray(prospectReasons.id, reasonIds)) : [],
  ]);
  return rows.map((row) => ({
    ...row,
    probability: stageProbability[row.stage],
    missions: missions.filter((m) => m.fileId === row.id).map((m) => ({ label: m.label, executorUserId: m.executorUserId })),
    reasons: row.reasonIds.map((id) => reasons.find((reason) => reason.id === id) ?? { id, label: '' }),
  }));
}

/** Loads one file of the organisation, or 404. `forUpdate` locks it. */
export async function findFileRow(db: Db, organisationId: string, fileId: string, options: { forUpdate?: boolean } = {}): Promise<FileRow> {
  const query = db.select().from(prospectFiles).where(and(eq(prospectFiles.organisationId, organisationId), eq(prospectFiles.id, fileId)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw AppError.notFound('File');
  return row;
}

export async function findFile(db: Db, organisationId: string, fileId: string): Promise<FileView> {
  const [view] = await toFileViews(db, [await findFileRow(db, organisationId, fileId)]);
  return view!;
}

/** The files of a prospect, in creation order. */
export async function listProspectFileRows(db: Db, prospectId: string): Promise<FileRow[]> {
  return db.select().from(prospectFiles).where(eq(prospectFiles.prospectId, prospectId)).orderBy(asc(prospectFiles.createdAt), asc(prospectFiles.id));
}
