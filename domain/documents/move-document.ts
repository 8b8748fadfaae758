import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { documents } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { documentVersions, findDocument, findDocumentRow, type DocumentView } from './document-view.ts';
import { findFolderRow } from './folder-view.ts';

/**
 * Moves a document — all its versions — to another folder of the same client. The bytes stay
 * where they are (storage keys do not name folders). The target must be a folder of the same
 * client (400 naming `folderId` otherwise) without a document of the same name (409).
 */
export async function moveDocument(db: Db, actor: Actor, documentId: string, target: { folderId: string }): Promise<DocumentView> {
  return db.transaction(async (tx) => {
    const row = await findDocumentRow(tx, actor.organisationId, documentId);
    if (row.folderId === target.folderId) return findDocument(tx, actor.organisationId, documentId);
    await findFolderRow(tx, actor.organisationId, row.clientId, target.folderId, { forUpdate: true }).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') {
        throw AppError.invalid([{ field: 'folderId', location: 'body', message: 'dossier inconnu pour le client de ce document' }]);
      }
      throw error;
    });
    await findFolderRow(tx, actor.organisationId, row.clientId, row.folderId, { forUpdate: true });
    const [clash] = await tx
      .select({ id: documents.id })
      .from(documents)
      .where(and(eq(documents.folderId, target.folderId), eq(documents.name, row.name)))
      .limit(1);
    if (clash) throw new AppError('conflict', `Le dossier de destination contient déjà un document « ${row.name} »`);
    const versions = await documentVersions(tx, row);
    await tx.update(documents).set({ folderId: target.folderId }).where(and(eq(documents.folderId, row.folderId), eq(documents.name, row.name)));
    for (const version of versions) {
      await recordHistory(tx, actor, { type: 'document', id: version.id }, { action: 'update', before: { folderId: version.folderId }, after: { folderId: target.folderId } });
    }
    return findDocument(tx, actor.organisationId, documentId);
  });
}
