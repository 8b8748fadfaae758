import { and, eq } from 'drizzle-orm';
import type { DocumentStorage, StoredObjectStream } from '../../adapters/storage/document-storage.ts';
import type { Db } from '../../db/client.ts';
import { informationRequestAnswers, informationRequests } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';

/**
 * Opens one file a client uploaded with an answer, for staff to download. The request must be
 * the organisation's (404 otherwise, like any missing file).
 */
export async function openAnswerFile(
  db: Db,
  storage: DocumentStorage,
  organisationId: string,
  ids: { requestId: string; answerId: string; index: number },
): Promise<StoredObjectStream & { name: string; mediaType: string }> {
  const [row] = await db
    .select({ files: informationRequestAnswers.files })
    .from(informationRequestAnswers)
    .innerJoin(informationRequests, eq(informationRequests.id, informationRequestAnswers.requestId))
    .where(
      and(
        eq(informationRequests.organisationId, organisationId),
        eq(informationRequests.id, ids.requestId),
        eq(informationRequestAnswers.id, ids.answerId),
      ),
    );
  const file = row?.files[ids.index];
  if (!file) throw AppError.notFound('File');
  const object = await storage.get(file.storageKey);
  return { ...object, name: file.name, mediaType: file.mediaType };
}
