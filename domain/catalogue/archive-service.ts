import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { catalogueServices } from '../../db/schema/index.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { findService, type ServiceView } from './service-view.ts';

/**
 * Archives a service (`archived: true`) or brings it back (`false`). An archived service stays
 * on the missions that already sell it but is no longer offered for new ones. Archiving an
 * archived service changes nothing.
 */
export async function archiveService(db: Db, actor: Actor, serviceId: string, archived: boolean): Promise<ServiceView> {
  return db.transaction(async (tx) => {
    const before = await findService(tx, actor.organisationId, serviceId);
    if ((before.archivedAt !== null) === archived) return before;
    const now = new Date();
    await tx
      .update(catalogueServices)
      .set({ archivedAt: archived ? now : null, updatedAt: now })
      .where(and(eq(catalogueServices.organisationId, actor.organisationId), eq(catalogueServices.id, serviceId)));
    const after = await findService(tx, actor.organisationId, serviceId);
    await recordHistory(tx, actor, { type: 'catalogue_service', id: serviceId }, { action: 'update', before, after });
    return after;
  });
}
