import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clientContacts, clients, firms, users } from '../../db/schema/index.ts';
import { AppError, type FieldProblem } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import type { ClientInput } from './client-input.ts';
import { findClient, type ClientView } from './find-client.ts';

/**
 * Creates a client with its contacts. The one entry point for new clients: the clients API calls
 * it, and so does a prospect's conversion (passing `prospectId`, which makes a second conversion
 * of the same prospect a 409 rather than a duplicate client).
 */
export async function createClient(db: Db, actor: Actor, input: ClientInput, origin: { prospectId?: string } = {}): Promise<ClientView> {
  return db.transaction(async (tx) => {
    await assertReferencesBelongToOrganisation(tx, actor.organisationId, input);
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

async function assertReferencesBelongToOrganisation(db: Db, organisationId: string, input: ClientInput): Promise<void> {
  const problems: FieldProblem[] = [];
  if (input.firmId) {
    const [firm] = await db.select({ id: firms.id }).from(firms).where(and(eq(firms.organisationId, organisationId), eq(firms.id, input.firmId)));
    if (!firm) problems.push({ field: 'firmId', location: 'body', message: 'unknown firm' });
  }
  const userIds = [input.holderUserId, input.partnerUserId].filter((id): id is string => Boolean(id));
  if (userIds.length > 0) {
    const known = await db.select({ id: users.id }).from(users).where(and(eq(users.organisationId, organisationId), inArray(users.id, userIds)));
    for (const field of ['holderUserId', 'partnerUserId'] as const) {
      const id = input[field];
      if (id && !known.some((user) => user.id === id)) problems.push({ field, location: 'body', message: 'unknown user' });
    }
  }
  if (problems.length > 0) throw AppError.invalid(problems);
}
