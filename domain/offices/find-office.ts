import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { offices } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';

export type Office = typeof offices.$inferSelect;

/** Loads one office of the organisation, or 404. */
export async function findOffice(db: Db, organisationId: string, officeId: string): Promise<Office> {
  const [row] = await db.select().from(offices).where(and(eq(offices.organisationId, organisationId), eq(offices.id, officeId)));
  if (!row) throw AppError.notFound('Office');
  return row;
}
