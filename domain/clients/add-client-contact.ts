import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clientContacts } from '../../db/schema/index.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import type { ClientContactInput } from './client-input.ts';
import { contactView, lockClient, type ClientContact } from './find-client.ts';
import { demoteOtherPreferredContacts } from './preferred-contact.ts';

/**
 * Adds a contact person to a client. A client always has exactly one preferred contact: the
 * first contact is preferred whatever was asked, and a new preferred contact takes the flag
 * from the previous one.
 */
export async function addClientContact(db: Db, actor: Actor, clientId: string, input: ClientContactInput): Promise<ClientContact> {
  return db.transaction(async (tx) => {
    await lockClient(tx, actor.organisationId, clientId);
    const [preferred] = await tx
      .select({ n: count() })
      .from(clientContacts)
      .where(and(eq(clientContacts.clientId, clientId), eq(clientContacts.isPreferred, true)));
    const isPreferred = input.isPreferred || (preferred?.n ?? 0) === 0;
    const [row] = await tx
      .insert(clientContacts)
      .values({ ...input, isPreferred, organisationId: actor.organisationId, clientId })
      .returning();
    if (isPreferred) await demoteOtherPreferredContacts(tx, actor, clientId, row!.id);
    const view = contactView(row!);
    await recordHistory(tx, actor, { type: 'client_contact', id: row!.id }, { action: 'create', after: view });
    return view;
  });
}
