import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clientContacts, informationRequests } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { assertTaskReferences } from '../tasks/task-references.ts';
import type { InformationRequestInput } from './information-request-input.ts';
import { findInformationRequestDetail, type InformationRequestDetail } from './information-request-view.ts';

/** The short title of a request: the one given, or the first line of its message. */
function titleOf(input: InformationRequestInput): string {
  if (input.title) return input.title;
  const firstLine = input.message.split('\n')[0]!.trim();
  return firstLine.length > 120 ? `${firstLine.slice(0, 119)}…` : firstLine;
}

/** Sends a client an information request by hand; it appears at once on the client's portal. */
export async function createInformationRequest(db: Db, actor: Actor, input: InformationRequestInput): Promise<InformationRequestDetail> {
  return db.transaction(async (tx) => {
    await assertTaskReferences(tx, actor.organisationId, { clientId: input.clientId, missionId: input.missionId });
    if (input.contactId) {
      const [contact] = await tx
        .select({ id: clientContacts.id })
        .from(clientContacts)
        .where(and(eq(clientContacts.organisationId, actor.organisationId), eq(clientContacts.clientId, input.clientId), eq(clientContacts.id, input.contactId)));
      if (!contact) throw AppError.invalid([{ field: 'contactId', location: 'body', message: 'not a contact of this client' }]);
    }
    const [row] = await tx
      .insert(informationRequests)
      .values({ ...input, title: titleOf(input), organisationId: actor.organisationId })
      .returning();
    await recordHistory(tx, actor, { type: 'information_request', id: row!.id }, { action: 'create', after: row! });
    return findInformationRequestDetail(tx, actor.organisationId, row!.id);
  });
}
