import { and, eq } from 'drizzle-orm';
import type { DocumentStorage, StoredObjectStream } from '../../adapters/storage/document-storage.ts';
import type { Db } from '../../db/client.ts';
import { informationRequestAnswers, informationRequests } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import type { PortalCaller } from './portal-caller.ts';

/**
 * Opens a file the client uploaded with one of its answers, for the client to download again. The
 * request must be the caller's client's: another client's file is the same 404 as a missing one.
 */
export async function openPortalAnswerFile(
  db: Db,
  storage: DocumentStorage | undefined,
  caller: PortalCaller,
  ids: { requestId: string; answerId: string; index: number },
): Promise<StoredObjectStream & { name: string; mediaType: string; sha256: string }> {
  const [row] = await db
    .select({ files: informationRequestAnswers.files })
    .from(informationRequestAnswers)
    .innerJoin(informationRequests, eq(informationRequests.id, informationRequestAnswers.requestId))
    .where(
      and(
        eq(informationRequests.organisationId, caller.organisationId),
        eq(informationRequests.clientId, caller.clientId),
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
