import { randomUUID } from 'node:crypto';
import { and, eq, max } from 'drizzle-orm';
import { DocumentStorageError, documentVersionKey, type DocumentStorage, type StorableBody } from '../../adapters/storage/document-storage.ts';
import type { Db } from '../../db/client.ts';
import { documents } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { findDocument, type DocumentView } from './document-view.ts';
import { findFolderRow } from './folder-view.ts';

/** The largest document the store accepts: 25 MB. */
export const MAX_DOCUMENT_BYTES = 25 * 1024 * 1024;

/** A file to put in a client's folder. */
export interface DocumentUpload {
  clientId: string;
  folderId: string;
  /** The document's name in the folder, usually the uploaded file's name. */
  name: string;
  /** Media type as declared by the uploader; `application/octet-stream` when unknown. */
  mediaType: string;
  body: StorableBody;
}

/**
 * Stores a file in a client's folder. A file with a name already present in the folder becomes
 * that document's next version; earlier versions stay readable. The bytes are written to the
 * storage (which measures the size and SHA-256 on the way) while the folder row is locked, so
 * two uploads of the same name get consecutive versions and the folder cannot be deleted
 * underneath; if the row cannot be written the stored object is removed again. Also what a
 * workflow calls to file a generated engagement letter (actor: the system).
 */
export async function uploadDocument(db: Db, storage: DocumentStorage, actor: Actor, upload: DocumentUpload): Promise<DocumentView> {
  let storedKey: string | undefined;
  try {
    return await db.transaction(async (tx) => {
      await findFolderRow(tx, actor.organisationId, upload.clientId, upload.folderId, { forUpdate: true });
      const [latest] = await tx
        .select({ version: max(documents.version) })
        .from(documents)
        .where(and(eq(documents.folderId, upload.folderId), eq(documents.name, upload.name)));
      const version = (latest?.version ?? 0) + 1;
      const id = randomUUID();
      const storageKey = documentVersionKey({ organisationId: actor.organisationId, clientId: upload.clientId, documentId: id, version });
      storedKey = storageKey;
      const stored = await storage.put(storageKey, upload.body, { contentType: upload.mediaType, maxBytes: MAX_DOCUMENT_BYTES });
      const [row] = await tx
        .insert(documents)
        .values({
          id,
          organisationId: actor.organisationId,
          clientId: upload.clientId,
          folderId: upload.folderId,
          name: upload.name,
          mediaType: upload.mediaType,
          size: stored.size,
          sha256: stored.sha256,
          storageKey,
          version,
          authorUserId: actor.kind === 'user' ? actor.userId : null,
          authorLabel: actor.label,
        })
        .returning();
      const { storageKey: _key, ...after } = row!;
      await recordHistory(tx, actor, { type: 'document', id }, { action: 'create', after });
      return findDocument(tx, actor.organisationId, id);
    });
  } catch (error) {
    if (storedKey) await storage.delete(storedKey).catch(() => undefined);
    if (error instanceof DocumentStorageError && error.code === 'document_too_large') {
      throw new AppError('invalid_input', 'Le fichier est trop volumineux', {
        fields: [{ field: 'file', location: 'body', message: `ne peut pas dépasser ${MAX_DOCUMENT_BYTES / 1024 / 1024} Mo` }],
      });
    }
    throw error;
  }
}
