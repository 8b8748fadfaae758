import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clients, informationRequests, missions, tasks } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { findClient } from './find-client.ts';

/**
 * Deletes a client entered by mistake, with its contacts. A client with missions, tasks or
 * information requests has a history the firm must keep: 409.
 */
export async function deleteClient(db: Db, actor: Actor, clientId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await findClient(tx, actor.organisationId, clientId);
    const [[missionCount], [taskCount], [requestCount]] = await Promise.all([
      tx.select({ n: count() }).from(missions).where(eq(missions.clientId, clientId)),
      tx.select({ n: count() }).from(tasks).where(eq(tasks.clientId, clientId)),
      tx.select({ n: count() }).from(informationRequests).where(eq(informationRequests.clientId, clientId)),
    ]);
    if ((missionCount?.n ?? 0) > 0) throw new AppError('conflict', 'The client has missions; it cannot be deleted');
    if ((taskCount?.n ?? 0) > 0 || (requestCount?.n ?? 0) > 0) {
      throw new AppError('conflict', 'The client has tasks or information requests; it cannot be deleted');
    }
    await tx.delete(clients).where(and(eq(clients.organisationId, actor.organisationId), eq(clients.id, clientId)));
    await recordHistory(tx, actor, { type: 'client', id: clientId }, { action: 'delete', before });
  });
}
