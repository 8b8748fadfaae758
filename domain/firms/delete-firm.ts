import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { firms, offices } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { findFirm } from './firm-view.ts';

/** Deletes a firm that has no offices left; otherwise 409 saying why. */
export async function deleteFirm(db: Db, actor: Actor, firmId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await findFirm(tx, actor.organisationId, firmId);
    const [usage] = await tx.select({ n: count() }).from(offices).where(eq(offices.firmId, firmId));
    if ((usage?.n ?? 0) > 0) throw new AppError('conflict', 'The firm still has offices; delete or move them first');
    await tx.delete(firms).where(and(eq(firms.organisationId, actor.organisationId), eq(firms.id, firmId)));
    await recordHistory(tx, actor, { type: 'firm', id: firmId }, { action: 'delete', before });
  });
}
