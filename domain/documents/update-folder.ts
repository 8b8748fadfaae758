import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { documentFolders } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import type { FolderPatch } from './folder-input.ts';
import { findFolder, findFolderRow, isUniqueViolation, type FolderView } from './folder-view.ts';

/**
 * Renames a folder, or shares it with the client or stops sharing it. Unsharing hides the whole
 * subtree from the client at once; the change goes to the history.
 */
export async function updateFolder(db: Db, actor: Actor, clientId: string, folderId: string, patch: FolderPatch): Promise<FolderView> {
  try {
    return await db.transaction(async (tx) => {
      const before = await findFolderRow(tx, actor.organisationId, clientId, folderId, { forUpdate: true });
      const [after] = await tx
        .update(documentFolders)
        .set({ ...patch, updatedAt: new Date() })
        .where(eq(documentFolders.id, folderId))
        .returning();
      await recordHistory(tx, actor, { type: 'document_folder', id: folderId }, { action: 'update', before, after: after! });
      return findFolder(tx, actor.organisationId, clientId, folderId);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'document_folders_name_key')) throw new AppError('conflict', `Un dossier « ${patch.name} » existe déjà à cet endroit`);
    throw error;
  }
}
