import type { Db } from '../../db/client.ts';
import { firmServices, firms } from '../../db/schema/index.ts';
import type { Actor } from '../history/record-history.ts';
import { recordHistory } from '../history/record-history.ts';
import { findFirm, type FirmView } from './firm-view.ts';
import type { FirmInput } from './firm-input.ts';

/** Creates a firm (cabinet) of the actor's organisation with the service types it offers. */
export async function createFirm(db: Db, actor: Actor, input: FirmInput): Promise<FirmView> {
  return db.transaction(async (tx) => {
    const { services, ...fields } = input;
    const [row] = await tx.insert(firms).values({ ...fields, organisationId: actor.organisationId }).returning();
    const uniqueServices = [...new Set(services)];
    if (uniqueServices.length > 0) {
      await tx.insert(firmServices).values(uniqueServices.map((serviceType) => ({ firmId: row!.id, serviceType })));
    }
    await recordHistory(tx, actor, { type: 'firm', id: row!.id }, { action: 'create', after: { ...row!, services: uniqueServices } });
    return findFirm(tx, actor.organisationId, row!.id);
  });
}
