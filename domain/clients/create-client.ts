import type { Db } from '../../db/client.ts';
import { clientContacts, clients } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import type { ClientInput } from './client-input.ts';
import { assertClientReferences } from './client-references.ts';
import { findClient, type ClientView } from './find-client.ts';

/**
 * Creates a client with its contacts. The one entry point for new clients: the clients API calls
 * it, and so does a prospect's conversion (passing `prospectId`, which makes a second conversion
 * of the same prospect a 409 rather than a duplicate client).
 */
export async function createClient(db: Db, actor: Actor, input: ClientInput, origin: { prospectId?: string } = {}): Promise<ClientView> {
  return db.transaction(async (tx) => {
    await assertClientReferences(tx, actor.organisationId, input);
    const { contacts, ...fields } = input;
    const [row] = await tx
      .insert(clients)
      .values({ ...fields, organisationId: actor.organisationId, prospectId: origin.prospectId ?? null })
      .onConflictDoNothing({ target: clients.prospectId })
      .returning();
    if (!row) throw new AppError('conflict', 'This prospect was already converted into a client');
    const hasPreferred = contacts.some((contact) => contact.isPreferred);
    if (contacts.length > 0) {
      await tx.insert(clientContacts).values(
        contacts.map((contact, index) => ({
          ...contact,
          // Exactly one preferred contact: the one marked, or the first.
          isPreferred: hasPreferred ? contact.isPreferred && contacts.findIndex((c) => c.isPreferred) === index : index === 0,
          organisationId: actor.organisationId,
          clientId: row.id,
        })),
      );
    }
    const view = await findClient(tx, actor.organisationId, row.id);
    await recordHistory(tx, actor, { type: 'client', id: row.id }, { action: 'create', after: view });
    return view;
  });
}
