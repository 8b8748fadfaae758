import type { Db } from '../../db/client.ts';
import { findClient } from '../clients/find-client.ts';
import { clientFolders, withVisibility, type FolderView } from './folder-view.ts';

/**
 * The folder tree of a client's document store, flat (each folder names its parent), ordered by
 * name, with whether the client sees each folder. 404 for another organisation's client.
 */
export async function listFolders(db: Db, organisationId: string, clientId: string): Promise<FolderView[]> {
  await findClient(db, organisationId, clientId);
  const folders = await clientFolders(db, organisationId, clientId);
  return withVisibility(folders, folders);
}
