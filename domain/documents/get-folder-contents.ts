import type { Db } from '../../db/client.ts';
import { latestDocuments, type DocumentView } from './document-view.ts';
import { clientFolders, findFolderRow, withVisibility, type FolderView } from './folder-view.ts';

/** A folder, its subfolders and the latest version of each of its documents. */
export interface FolderContents {
  folder: FolderView;
  folders: FolderView[];
  documents: DocumentView[];
}

/** Opens a folder of a client's document store (404 for another client's or organisation's folder). */
export async function getFolderContents(db: Db, organisationId: string, clientId: string, folderId: string): Promise<FolderContents> {
  await findFolderRow(db, organisationId, clientId, folderId);
  const all = await clientFolders(db, organisationId, clientId);
  const [folder, ...children] = withVisibility([all.find((row) => row.id === folderId)!, ...all.filter((row) => row.parentId === folderId)], all);
  return { folder: folder!, folders: children, documents: await latestDocuments(db, [folderId]) };
}
