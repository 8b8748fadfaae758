import { count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { documentFolders, documents } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { findFolderRow } from './folder-view.ts';

/**
 * Deletes an empty folder. A folder that still holds subfolders or documents is a 409: deleting
 * documents is a deliberate act, one document at a time. The folder row is locked so an upload
 * cannot slip in between the check and the deletion.
 */
export async function deleteFolder(db: Db, actor: Actor, clientId: string, folderId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await findFolderRow(tx, actor.organisationId, clientId, folderId, { forUpdate: true });
    const [[children], [files]] = await Promise.all([
      tx.select({ n: count() }).from(documentFolders).where(eq(documentFolders.parentId, folderId)),
      tx.select({ n: count() }).from(documents).where(eq(documents.folderId, folderId)),
    ]);
    if ((children?.n ?? 0) > 0 || (files?.n ?? 0) > 0) {
      throw new AppError('conflict', 'Le dossier n’est pas vide : supprimez ou déplacez d’abord ses sous-dossiers et ses documents');
    }
    await tx.delete(documentFolders).where(eq(documentFolders.id, folderId));
    await recordHistory(tx, actor, { type: 'document_folder', id: folderId }, { action: 'delete', before });
  });
}
