import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { catalogueServices, missionLines } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { findService } from './service-view.ts';

/**
 * Deletes a catalogue service nobody uses. A service on a mission line is part of a signed or
 * draft engagement and of the history of its occurrences: it can only be archived (409).
 */
export async function deleteService(db: Db, actor: Actor, serviceId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await findService(tx, actor.organisationId, serviceId);
    const [usage] = await tx.select({ n: count() }).from(missionLines).where(eq(missionLines.serviceId, serviceId));
    if ((usage?.n ?? 0) > 0) {
      throw new AppError('conflict', 'This service is used by a mission; archive it instead (POST …/archive)', { missionLines: usage!.n });
    }
    await tx.delete(catalogueServices).where(and(eq(catalogueServices.organisationId, actor.organisationId), eq(catalogueServices.id, serviceId)));
    await recordHistory(tx, actor, { type: 'catalogue_service', id: serviceId }, { action: 'delete', before });
  });
}
