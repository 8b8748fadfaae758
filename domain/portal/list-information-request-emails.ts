import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { informationRequestEmails, type InformationRequestEmailKind } from '../../db/schema/index.ts';
import { findInformationRequest } from '../information-requests/information-request-view.ts';

/** One email of a request's history, as staff see it. */
export interface InformationRequestEmailView {
  id: string;
  kind: InformationRequestEmailKind;
  to: string;
  subject: string;
  sentByUserId: string | null;
  createdAt: Date;
}

/** The emails sent to the client about one of the organisation's requests, oldest first (another organisation's: 404). */
export async function listInformationRequestEmails(db: Db, organisationId: string, requestId: string): Promise<InformationRequestEmailView[]> {
  await findInformationRequest(db, organisationId, requestId);
  return db
    .select({ id: informationRequestEmails.id, kind: informationRequestEmails.kind, to: informationRequestEmails.toAddress, subject: informationRequestEmails.subject, sentByUserId: informationRequestEmails.sentByUserId, createdAt: informationRequestEmails.createdAt })
    .from(informationRequestEmails)
    .where(and(eq(informationRequestEmails.organisationId, organisationId), eq(informationRequestEmails.requestId, requestId)))
    .orderBy(asc(informationRequestEmails.createdAt), asc(informationRequestEmails.id));
}
