import type { RouteHandler } from '@hono/zod-openapi';
import type { DocumentStorage } from '../../../adapters/storage/document-storage.ts';
import { normaliseMediaType } from '../../../adapters/storage/media-type.ts';
import { actorOf } from '../../../domain/auth/caller.ts';
import { createFolder } from '../../../domain/documents/create-folder.ts';
import { deleteDocument } from '../../../domain/documents/delete-document.ts';
import { deleteFolder } from '../../../domain/documents/delete-folder.ts';
import { findDocument, findDocumentRow } from '../../../domain/documents/document-view.ts';
import { getFolderContents } from '../../../domain/documents/get-folder-contents.ts';
import { listDocumentVersions } from '../../../domain/documents/list-document-versions.ts';
import { listFolders } from '../../../domain/documents/list-folders.ts';
import { moveDocument } from '../../../domain/documents/move-document.ts';
import { openDocument } from '../../../domain/documents/open-document.ts';
import { updateFolder } from '../../../domain/documents/update-folder.ts';
import { MAX_DOCUMENT_BYTES, uploadDocument } from '../../../domain/documents/upload-document.ts';
import { AppError } from '../../../domain/errors.ts';
import type { AppDeps, AppEnv } from '../../context.ts';
import { fileResponse } from '../../file-response.ts';
import { fileTooLarge } from './documents.routes.ts';
import type * as routes from './documents.routes.ts';

/** The document storage, or 503 when this server was started without one. */
export function documentStorageOf(deps: AppDeps): DocumentStorage {
  if (!deps.documentStorage) throw new AppError('unavailable', 'Le stockage des documents n’est pas configuré sur ce serveur');
  return deps.documentStorage;
}

export const listClientFolders: RouteHandler<typeof routes.listFolders, AppEnv> = async (c) => {
  const items = await listFolders(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').clientId);
  return c.json({ items }, 200);
};

export const create: RouteHandler<typeof routes.createFolder, AppEnv> = async (c) => {
  const folder = await createFolder(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').clientId, c.req.valid('json'));
  return c.json(folder, 201);
};

export const get: RouteHandler<typeof routes.getFolder, AppEnv> = async (c) => {
  const { clientId, folderId } = c.req.valid('param');
  return c.json(await getFolderContents(c.get('deps').database.db, c.get('caller').organisationId, clientId, folderId), 200);
};

export const update: RouteHandler<typeof routes.updateFolder, AppEnv> = async (c) => {
  const { clientId, folderId } = c.req.valid('param');
  return c.json(await updateFolder(c.get('deps').database.db, actorOf(c.get('caller')), clientId, folderId, c.req.valid('json')), 200);
};

export const remove: RouteHandler<typeof routes.deleteFolder, AppEnv> = async (c) => {
  const { clientId, folderId } = c.req.valid('param');
  await deleteFolder(c.get('deps').database.db, actorOf(c.get('caller')), clientId, folderId);
  return c.body(null, 204);
};

export const upload: RouteHandler<typeof routes.uploadDocument, AppEnv> = async (c) => {
  const { clientId, folderId } = c.req.valid('param');
  const { file, name } = c.req.valid('form');
  // The body limit already cut any file part over the limit while it streamed in.
  if (file.size > MAX_DOCUMENT_BYTES) return fileTooLarge(c) as never;
  const deps = c.get('deps');
  const document = await uploadDocument(deps.database.db, documentStorageOf(deps), actorOf(c.get('caller')), {
    clientId,
    folderId,
    name: name ?? file.name.trim(),
    mediaType: normaliseMediaType(file.type),
    // Streamed from the spooled part to storage, which hashes it on the way.
    body: file,
  });
  return c.json(document, 201);
};

export const getOne: RouteHandler<typeof routes.getDocument, AppEnv> = async (c) => {
  return c.json(await findDocument(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id), 200);
};

export const versions: RouteHandler<typeof routes.listDocumentVersions, AppEnv> = async (c) => {
  const items = await listDocumentVersions(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id);
  return c.json({ items }, 200);
};

export const download: RouteHandler<typeof routes.downloadDocument, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const row = await findDocumentRow(deps.database.db, c.get('caller').organisationId, c.req.valid('param').id);
  const opened = await openDocument(documentStorageOf(deps), row);
  return fileResponse(c, { ...opened.document, size: opened.size }, opened.stream) as never;
};

export const move: RouteHandler<typeof routes.moveDocument, AppEnv> = async (c) => {
  const document = await moveDocument(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json'));
  return c.json(document, 200);
};

export const removeDocument: RouteHandler<typeof routes.deleteDocument, AppEnv> = async (c) => {
  const deps = c.get('deps');
  await deleteDocument(deps.database.db, documentStorageOf(deps), deps.logger, actorOf(c.get('caller')), c.req.valid('param').id);
  return c.body(null, 204);
};
