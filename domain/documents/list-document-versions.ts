import type { Db } from '../../db/client.ts';
import { documentVersions, documentView, findDocumentRow, type DocumentView } from './document-view.ts';

/** Every version of the document a version belongs to, newest first; each one stays downloadable. */
export async function listDocumentVersions(db: Db, organisationId: string, documentId: string): Promise<DocumentView[]> {
  const row = await findDocumentRow(db, organisationId, documentId);
  const versions = await documentVersions(db, row);
  return versions.map((version) => documentView(version, versions.length));
}
