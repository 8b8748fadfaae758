import type { DocumentStorage } from '../../adapters/storage/document-storage.ts';
import type { Db } from '../../db/client.ts';
import { openAnswerFile } from '../information-requests/open-answer-file.ts';
import type { PortalCaller } from './portal-caller.ts';

/**
 * Opens a file the client uploaded with one of its answers, for the client to download again. The
 * request must be the caller's client's: another client's file is the same 404 as a missing one.
 */
export async function openPortalAnswerFile(db: Db, storage: DocumentStorage | undefined, caller: PortalCaller, ids: { requestId: string; answerId: string; index: number }) {
  return openAnswerFile(db, storage, { organisationId: caller.organisationId, clientId: caller.clientId }, ids);
}
