import type { Db } from '../../db/client.ts';
import { catalogueServices } from '../../db/schema/index.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { assertServiceReferences, replaceServiceItems } from './service-items.ts';
import type { ServiceInput } from './service-input.ts';
import { findService, type ServiceView } from './service-view.ts';

/**
 * Adds a service (prestation) to the catalogue with the tasks and information requests each of
 * its occurrences will generate. Missions then sell it to clients on a schedule.
 */
export async function createService(db: Db, actor: Actor, input: ServiceInput): Promise<ServiceView> {
  return db.transaction(async (tx) => {
    await assertServiceReferences(tx, actor.organisationId, input);
    const { items, ...fields } = input;
    const [row] = await tx.insert(catalogueServices).values({ ...fields, organisationId: actor.organisationId }).returning();
    await replaceServiceItems(tx, actor.organisationId, row!.id, items);
    const view = await findService(tx, actor.organisationId, row!.id);
    await recordHistory(tx, actor, { type: 'catalogue_service', id: row!.id }, { action: 'create', after: view });
    return view;
  });
}
