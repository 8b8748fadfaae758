import type { Db } from '../../../db/client.ts';
import { findProspectRow } from '../prospect-view.ts';
import { listProspectFileRows, toFileViews, type FileView } from './file-view.ts';

/** A prospect's files (dossiers), one per service type, in creation order. */
export async function listProspectFiles(db: Db, organisationId: string, prospectId: string): Promise<FileView[]> {
  await findProspectRow(db, organisationId, prospectId);
  return toFileViews(db, await listProspectFileRows(db, prospectId));
}
