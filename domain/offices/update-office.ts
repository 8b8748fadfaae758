import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { offices } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { findFirm } from '../firms/firm-view.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { findOffice, type Office } from './find-office.ts';
import type { OfficeInput } from './office-input.ts';

/** Renames, re-addresses or moves an office to another firm of the organisation. */
export async function updateOffice(db: Db, actor: Actor, officeId: string, patch: Partial<OfficeInput>): Promise<Office> {
  return db.transaction(async (tx) => {
    const before = await findOffice(tx, actor.organisationId, officeId);
    if (patch.firmId) {
      await findFirm(tx, actor.organisationId, patch.firmId).catch(() => {
        throw AppError.invalid([{ field: 'firmId', location: 'body', message: 'unknown firm' }]);
      });
    }
    const [after] = await tx
      .update(offices)
      .set({ ...patch, updatedAt: new Date() })
      .where(and(eq(offices.organisationId, actor.organisationId), eq(offices.id, officeId)))
      .returning();
    await recordHistory(tx, actor, { type: 'office', id: officeId }, { action: 'update', before, after: after! });
    return after!;
  });
}
