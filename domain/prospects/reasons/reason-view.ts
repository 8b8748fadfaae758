import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectReasons } from '../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';

export type ReasonView = typeof prospectReasons.$inferSelect;

/** Loads one reason of the organisation, or 404. */
export async function findReason(db: Db, organisationId: string, reasonId: string): Promise<ReasonView> {
  const [row] = await db.select().from(prospectReasons).where(and(eq(prospectReasons.organisationId, organisationId), eq(prospectReasons.id, reasonId)));
  if (!row) throw AppError.notFound('Reason');
  return row;
}
