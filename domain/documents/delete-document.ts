import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { DocumentStorage } from '../../adapters/storage/document-storage.ts';
import type { Db } from '../../db/client.ts';
import { documents } from '../../db/schema/index.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { documentVersions, findDocumentRow } from './document-view.ts';
import { findFolderRow } from './folder-view.ts';

/**
 * Deletes a document with all its versions. The rows go first, in one transaction with their
 * history entries; the stored bytes are removed afterwards, so a storage failure leaves an
 * unreferenced object (logged) rather than a row pointing at nothing.
 */
export async function deleteDocument(db: Db, storage: DocumentStorage, logger: Logger, actor: Actor, documentId: string): Promise<void> {
  const removed = await db.transaction(async (tx) => {
    const row = await findDocumentRow(tx, actor.organisationId, documentId);
    await findFolderRow(tx, actor.organisationId, row.clientId, row.folderId, { forUpdate: true });
    const versions = await documentVersions(tx, row);
    await tx.delete(documents).where(and(eq(documents.folderId, row.folderId), eq(documents.name, row.name)));
    for (const { storageKey: _key, ...version } of versions) {
      await recordHistory(tx, actor, { type: 'document', id: version.id }, { action: 'delete', before: version });
    }
    return versions;
  });
  for (const version of removed) {
    await storage.delete(version.storageKey).catch((error: unknown) => logger.warn({ err: error, documentId: version.id }, 'document deleted but its stored bytes were not'));
  }
}
