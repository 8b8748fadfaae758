import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { catalogueServices } from '../../db/schema/index.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { assertServiceReferences, replaceServiceItems } from './service-items.ts';
import type { ServicePatch } from './service-input.ts';
import { findService, type ServiceView } from './service-view.ts';

/**
 * Changes a catalogue service. Missions already running read the new lead time and items at
 * their next occurrences; `items`, when given, is the complete new list.
 */
export async function updateService(db: Db, actor: Actor, serviceId: string, patch: ServicePatch): Promise<ServiceView> {
  return db.transaction(async (tx) => {
    const before = await findService(tx, actor.organisationId, serviceId);
    await assertServiceReferences(tx, actor.organisationId, patch);
    const { items, ...fields } = patch;
    if (Object.keys(fields).length > 0) {
      await tx
        .update(catalogueServices)
        .set({ ...fields, updatedAt: new Date() })
        .where(and(eq(catalogueServices.organisationId, actor.organisationId), eq(catalogueServices.id, serviceId)));
    }
    if (items) await replaceServiceItems(tx, actor.organisationId, serviceId, items);
    const after = await findService(tx, actor.organisationId, serviceId);
    await recordHistory(tx, actor, { type: 'catalogue_service', id: serviceId }, { action: 'update', before, after });
    return after;
  });
}
