import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { documents } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import type { PortalCaller } from '../portal/portal-caller.ts';
import type { DocumentRow } from './document-view.ts';
import { clientFolders, visibleFolderIds } from './folder-view.ts';

/**
 * A document version the contact's client may download: it belongs to their client and its
 * folder is visible to the client. Anything else — another client's document, a document in a
 * folder that is not shared (or under one that is not) — is the same 404, so a contact cannot
 * tell whether it exists.
 */
export async function findPortalDocumentRow(db: Db, caller: PortalCaller, documentId: string): Promise<DocumentRow> {
  const [row] = await db
    .select()
    .from(documents)
    .where(and(eq(documents.organisationId, caller.organisationId), eq(documents.clientId, caller.clientId), eq(documents.id, documentId)));
  if (row && visibleFolderIds(await clientFolders(db, caller.organisationId, caller.clientId)).has(row.folderId)) return row;
  throw new AppError('not_found', 'Document introuvable');
}
