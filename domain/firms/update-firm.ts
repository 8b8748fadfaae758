import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { firmServices, firms } from '../../db/schema/index.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import type { FirmPatch } from './firm-input.ts';
import { findFirm, type FirmView } from './firm-view.ts';

/** Changes a firm's identity or offered services; every changed field goes to the history. */
export async function updateFirm(db: Db, actor: Actor, firmId: string, patch: FirmPatch): Promise<FirmView> {
  return db.transaction(async (tx) => {
    const before = await findFirm(tx, actor.organisationId, firmId);
    const { services, ...fields } = patch;
    if (Object.keys(fields).length > 0) {
      await tx
        .update(firms)
        .set({ ...fields, updatedAt: new Date() })
        .where(and(eq(firms.organisationId, actor.organisationId), eq(firms.id, firmId)));
    }
    if (services) {
      await tx.delete(firmServices).where(eq(firmServices.firmId, firmId));
      const unique = [...new Set(services)];
      if (unique.length > 0) await tx.insert(firmServices).values(unique.map((serviceType) => ({ firmId, serviceType })));
    }
    const after = await findFirm(tx, actor.organisationId, firmId);
    await recordHistory(tx, actor, { type: 'firm', id: firmId }, { action: 'update', before, after });
    return after;
  });
}
