import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { informationRequests } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { answersOf, type AnswerView, type InformationRequestRow } from '../information-requests/information-request-view.ts';
import type { PortalCaller } from './portal-caller.ts';

/**
 * An information request as the client sees it: what is asked, by when, and its state. No
 * mission, occurrence, catalogue item or staff field ever reaches the portal.
 */
export type PortalInformationRequest = Pick<
  InformationRequestRow,
  'id' | 'title' | 'message' | 'expectsFiles' | 'expectsText' | 'dueDate' | 'status' | 'answeredAt' | 'closedAt' | 'createdAt'
>;

/** An answer as the client sees it: files by name, size and type (storage keys and hashes stay inside). */
export interface PortalAnswer {
  id: string;
  text: string | null;
  files: Array<{ name: string; mediaType: string; size: number }>;
  contactName: string | null;
  createdAt: Date;
}

export type PortalInformationRequestDetail = PortalInformationRequest & { answers: PortalAnswer[] };

/** The columns of `information_requests` the portal may show. */
export const portalRequestColumns = {
  id: informationRequests.id,
  title: informationRequests.title,
  message: informationRequests.message,
  expectsFiles: informationRequests.expectsFiles,
  expectsText: informationRequests.expectsText,
  dueDate: informationRequests.dueDate,
  status: informationRequests.status,
  answeredAt: informationRequests.answeredAt,
  closedAt: informationRequests.closedAt,
  createdAt: informationRequests.createdAt,
};

/** The client's view of an answer: no storage keys, hashes or internal ids beyond the answer's own. */
export function portalAnswer(answer: AnswerView): PortalAnswer {
  return {
    id: answer.id,
    text: answer.text,
    files: answer.files.map(({ name, mediaType, size }) => ({ name, mediaType, size })),
    contactName: answer.contactName,
    createdAt: answer.createdAt,
  };
}

/** Loads one of the caller's client's information requests with its answers; another client's is a 404. */
export async function findPortalInformationRequest(db: Db, caller: PortalCaller, requestId: string): Promise<PortalInformationRequestDetail> {
  const [request] = await db
    .select(portalRequestColumns)
    .from(informationRequests)
    .where(
      and(
        eq(informationRequests.organisationId, caller.organisationId),
        eq(informationRequests.clientId, caller.clientId),
        eq(informationRequests.id, requestId),
      ),
    );
  if (!request) throw AppError.notFound('Information request');
  return { ...request, answers: (await answersOf(db, requestId)).map(portalAnswer) };
}
