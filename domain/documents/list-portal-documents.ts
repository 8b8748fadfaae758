import type { Db } from '../../db/client.ts';
import type { PortalCaller } from '../portal/portal-caller.ts';
import { latestDocuments, type DocumentView } from './document-view.ts';
import { clientFolders, visibleFolderIds } from './folder-view.ts';

/** A document as the client sees it: no author, no internal ids beyond its own and its folder's. */
export type PortalDocument = Pick<DocumentView, 'id' | 'folderId' | 'name' | 'mediaType' | 'size' | 'sha256' | 'version' | 'createdAt'>;

/** A folder the client sees, with the latest version of each of its documents. */
export interface PortalFolder {
  id: string;
  /** Null at the top level; otherwise a folder the client also sees. */
  parentId: string | null;
  name: string;
  updatedAt: Date;
  documents: PortalDocument[];
}

/**
 * The folders of the contact's client that the client may see — shared, under shared folders
 * only — each with its documents. A folder that is not shared, or sits under one that is not,
 * is never listed, nor are its documents.
 */
export async function listPortalDocuments(db: Db, caller: PortalCaller): Promise<PortalFolder[]> {
  const folders = await clientFolders(db, caller.organisationId, caller.clientId);
  const visible = visibleFolderIds(folders);
  const shown = folders.filter((folder) => visible.has(folder.id));
  const documents = await latestDocuments(db, shown.map((folder) => folder.id));
  return shown.map((folder) => ({
    id: folder.id,
    parentId: folder.parentId,
    name: folder.name,
    updatedAt: folder.updatedAt,
    documents: documents
      .filter((document) => document.folderId === folder.id)
      .map(({ id, folderId, name, mediaType, size, sha256, version, createdAt }) => ({ id, folderId, name, mediaType, size, sha256, version, createdAt })),
  }));
}
