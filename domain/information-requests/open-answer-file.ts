import { and, eq } from 'drizzle-orm';
import type { DocumentStorage, StoredObjectStream } from '../../adapters/storage/document-storage.ts';
import type { Db } from '../../db/client.ts';
import { informationRequestAnswers, informationRequests } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';

/**
 * Opens one file a client uploaded with an answer. The request must be the organisation's, and
 * the client's when `scope.clientId` is given (the client portal): anything else is the same 404
 * as a missing file. Without document storage configured it answers 503 (`unavailable`).
 */
export async function openAnswerFile(
  db: Db,
  storage: DocumentStorage | undefined,
  scope: { organisationId: string; clientId?: string },
  ids: { requestId: string; answerId: string; index: number },
): Promise<StoredObjectStream & { name: string; mediaType: string; sha256: string }> {
  const [row] = await db
    .select({ files: informationRequestAnswers.files })
    .from(informationRequestAnswers)
    .innerJoin(informationRequests, eq(informationRequests.id, informationRequestAnswers.requestId))
    .where(
      and(
        eq(informationRequests.organisationId, scope.organisationId),
        scope.clientId === undefined ? undefined : eq(informationRequests.clientId, scope.clientId),
        eq(informationRequests.id, ids.requestId),
        eq(informationRequestAnswers.id, ids.answerId),
      ),
    );
  const file = row?.files[ids.index];
  if (!file) throw AppError.notFound('File');
  if (!storage) throw new AppError('unavailable', 'Document storage is not configured');
  const object = await storage.get(file.storageKey);
  return { ...object, name: file.name, mediaType: file.mediaType, sha256: file.sha256 };
}
