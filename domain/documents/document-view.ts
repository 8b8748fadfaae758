import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { documents } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';

export type DocumentRow = typeof documents.$inferSelect;

/** One version of a document as the API shows it; where its bytes are stored stays private. */
export type DocumentView = Omit<DocumentRow, 'storageKey'> & {
  /** How many versions the document has (the same name in the same folder). */
  versionCount: number;
};

/** Hides the storage key. */
export function documentView({ storageKey: _key, ...row }: DocumentRow, versionCount: number): DocumentView {
  return { ...row, versionCount };
}

/** Loads one document version of the organisation, or 404 (also for another organisation's). */
export async function findDocumentRow(db: Db, organisationId: string, documentId: string): Promise<DocumentRow> {
  const [row] = await db.select().from(documents).where(and(eq(documents.organisationId, organisationId), eq(documents.id, documentId)));
  if (!row) throw new AppError('not_found', 'Document introuvable');
  return row;
}

/** Every version of the document a row belongs to (same folder, same name), newest first. */
export async function documentVersions(db: Db, row: Pick<DocumentRow, 'folderId' | 'name'>): Promise<DocumentRow[]> {
  return db
    .select()
    .from(documents)
    .where(and(eq(documents.folderId, row.folderId), eq(documents.name, row.name)))
    .orderBy(desc(documents.version));
}

/** One document version with its version count. */
export async function findDocument(db: Db, organisationId: string, documentId: string): Promise<DocumentView> {
  const row = await findDocumentRow(db, organisationId, documentId);
  const [total] = await db.select({ n: count() }).from(documents).where(and(eq(documents.folderId, row.folderId), eq(documents.name, row.name)));
  return documentView(row, total?.n ?? 1);
}

/** The latest version of each document in the given folders, by name, with version counts. */
export async function latestDocuments(db: Db, folderIds: readonly string[]): Promise<DocumentView[]> {
  if (folderIds.length === 0) return [];
  const ids = [...folderIds];
  const [latest, counts] = await Promise.all([
    db
      .selectDistinctOn([documents.folderId, documents.name])
      .from(documents)
      .where(inArray(documents.folderId, ids))
      .orderBy(asc(documents.folderId), asc(documents.name), desc(documents.version)),
    db
      .select({ folderId: documents.folderId, name: documents.name, n: count() })
      .from(documents)
      .where(inArray(documents.folderId, ids))
      .groupBy(documents.folderId, documents.name),
  ]);
  const versionCount = new Map(counts.map((entry) => [`${entry.folderId}/${entry.name}`, entry.n]));
  return latest.map((row) => documentView(row, versionCount.get(`${row.folderId}/${row.name}`) ?? 1));
}
