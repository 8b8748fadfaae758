import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { offices } from '../../db/schema/index.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { findOffice } from './find-office.ts';

/** Deletes an office of the organisation. */
export async function deleteOffice(db: Db, actor: Actor, officeId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await findOffice(tx, actor.organisationId, officeId);
    await tx.delete(offices).where(and(eq(offices.organisationId, actor.organisationId), eq(offices.id, officeId)));
    await recordHistory(tx, actor, { type: 'office', id: officeId }, { action: 'delete', before });
  });
}
