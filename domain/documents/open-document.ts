import type { Readable } from 'node:stream';
import { DocumentStorageError, type DocumentStorage } from '../../adapters/storage/document-storage.ts';
import { AppError } from '../errors.ts';
import type { DocumentRow } from './document-view.ts';

/** A document version being downloaded: its metadata and its bytes as a stream. */
export interface OpenedDocument {
  document: Omit<DocumentRow, 'storageKey'>;
  stream: Readable;
  size: number;
}

/**
 * Opens the bytes of a document version the caller may read (the caller checked access: staff by
 * organisation, the portal by shared folder). Missing bytes are reported, never silently empty.
 */
export async function openDocument(storage: DocumentStorage, row: DocumentRow): Promise<OpenedDocument> {
  try {
    const { stream, size } = await storage.get(row.storageKey);
    const { storageKey: _key, ...document } = row;
    return { document, stream, size };
  } catch (error) {
    if (error instanceof DocumentStorageError && error.code === 'document_not_found') {
      throw new AppError('not_found', 'Le fichier de ce document est introuvable dans le stockage');
    }
    throw error;
  }
}
