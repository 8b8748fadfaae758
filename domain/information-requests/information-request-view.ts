import { and, asc, eq, getTableColumns, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clientContacts, clients, informationRequestAnswers, informationRequests } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';

export type InformationRequestRow = typeof informationRequests.$inferSelect;
export type InformationRequestView = InformationRequestRow & { clientName: string };
export type AnswerRow = typeof informationRequestAnswers.$inferSelect;
/** An answer with the name of the contact who gave it. */
export type AnswerView = Omit<AnswerRow, 'organisationId'> & { contactName: string | null };
export type InformationRequestDetail = InformationRequestView & { answers: AnswerView[] };

/** Selects information requests with their client's name, matching `where` (which callers scope). */
export function selectInformationRequests(db: Db, where: SQL | undefined) {
  return db
    .select({ ...getTableColumns(informationRequests), clientName: clients.name })
    .from(informationRequests)
    .innerJoin(clients, eq(clients.id, informationRequests.clientId))
    .where(where);
}

/** The answers to one request, oldest first. */
export async function answersOf(db: Db, requestId: string): Promise<AnswerView[]> {
  const rows = await db
    .select({
      answer: informationRequestAnswers,
      firstName: clientContacts.firstName,
      lastName: clientContacts.lastName,
    })
    .from(informationRequestAnswers)
    .leftJoin(clientContacts, eq(clientContacts.id, informationRequestAnswers.contactId))
    .where(eq(informationRequestAnswers.requestId, requestId))
    .orderBy(asc(informationRequestAnswers.createdAt), asc(informationRequestAnswers.id));
  return rows.map(({ answer: { organisationId: _o, ...answer }, firstName, lastName }) => ({
    ...answer,
    contactName: firstName === null ? null : `${firstName} ${lastName}`,
  }));
}

/** Loads one information request of the organisation, or 404. */
export async function findInformationRequest(db: Db, organisationId: string, requestId: string): Promise<InformationRequestView> {
  const [row] = await selectInformationRequests(db, and(eq(informationRequests.organisationId, organisationId), eq(informationRequests.id, requestId)));
  if (!row) throw AppError.notFound('Information request');
  return row;
}

/** Loads one information request of the organisation with its answers, or 404. */
export async function findInformationRequestDetail(db: Db, organisationId: string, requestId: string): Promise<InformationRequestDetail> {
  const request = await findInformationRequest(db, organisationId, requestId);
  return { ...request, answers: await answersOf(db, requestId) };
}
