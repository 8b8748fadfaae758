import { and, asc, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clientContacts } from '../../db/schema/index.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';

/**
 * Makes `contactId` the client's only preferred contact, logging each contact that loses the
 * flag. Callers hold the client's row lock (`lockClient`).
 */
export async function demoteOtherPreferredContacts(db: Db, actor: Actor, clientId: string, contactId: string): Promise<void> {
  const demoted = await db
    .update(clientContacts)
    .set({ isPreferred: false, updatedAt: new Date() })
    .where(and(eq(clientContacts.clientId, clientId), eq(clientContacts.isPreferred, true), ne(clientContacts.id, contactId)))
    .returning({ id: clientContacts.id });
  for (const { id } of demoted) {
    await recordHistory(db, actor, { type: 'client_contact', id }, { action: 'update', before: { isPreferred: true }, after: { isPreferred: false } });
  }
}

/** After the preferred contact left, makes the oldest remaining contact preferred (if any). */
export async function promoteOldestContact(db: Db, actor: Actor, clientId: string): Promise<void> {
  const [oldest] = await db
    .select({ id: clientContacts.id })
    .from(clientContacts)
    .where(eq(clientContacts.clientId, clientId))
    .orderBy(asc(clientContacts.createdAt), asc(clientContacts.id))
    .limit(1);
  if (!oldest) return;
  await db.update(clientContacts).set({ isPreferred: true, updatedAt: new Date() }).where(eq(clientContacts.id, oldest.id));
  await recordHistory(db, actor, { type: 'client_contact', id: oldest.id }, { action: 'update', before: { isPreferred: false }, after: { isPreferred: true } });
}
