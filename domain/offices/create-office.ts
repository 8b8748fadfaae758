import type { Db } from '../../db/client.ts';
import { offices } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { findFirm } from '../firms/firm-view.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import type { Office } from './find-office.ts';
import type { OfficeInput } from './office-input.ts';

/** Creates an office in one of the organisation's firms. */
export async function createOffice(db: Db, actor: Actor, input: OfficeInput): Promise<Office> {
  return db.transaction(async (tx) => {
    await findFirm(tx, actor.organisationId, input.firmId).catch(() => {
      throw AppError.invalid([{ field: 'firmId', location: 'body', message: 'unknown firm' }]);
    });
    const [row] = await tx.insert(offices).values({ ...input, organisationId: actor.organisationId }).returning();
    await recordHistory(tx, actor, { type: 'office', id: row!.id }, { action: 'create', after: row! });
    return row!;
  });
}
