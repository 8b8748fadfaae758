import type { Db } from '../../db/client.ts';
import { documentFolders } from '../../db/schema/index.ts';
import { findClient } from '../clients/find-client.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import type { FolderInput } from './folder-input.ts';
import { findFolder, findFolderRow, isUniqueViolation, type FolderView } from './folder-view.ts';

/**
 * Creates a folder in a client's document store, at the top level or inside one of the client's
 * folders, shared with the client or not. Two folders side by side cannot share a name (409).
 */
export async function createFolder(db: Db, actor: Actor, clientId: string, input: FolderInput): Promise<FolderView> {
  try {
    return await db.transaction(async (tx) => {
      await findClient(tx, actor.organisationId, clientId);
      if (input.parentId) {
        await findFolderRow(tx, actor.organisationId, clientId, input.parentId).catch((error: unknown) => {
          if (error instanceof AppError && error.code === 'not_found') {
            throw AppError.invalid([{ field: 'parentId', location: 'body', message: 'dossier inconnu pour ce client' }]);
          }
          throw error;
        });
      }
      const [row] = await tx
        .insert(documentFolders)
        .values({ organisationId: actor.organisationId, clientId, parentId: input.parentId ?? null, name: input.name, sharedWithClient: input.sharedWithClient })
        .returning();
      await recordHistory(tx, actor, { type: 'document_folder', id: row!.id }, { action: 'create', after: row! });
      return findFolder(tx, actor.organisationId, clientId, row!.id);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'document_folders_name_key')) throw new AppError('conflict', `Un dossier « ${input.name} » existe déjà à cet endroit`);
    throw error;
  }
}
