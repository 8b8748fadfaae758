import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectActions } from '../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';

export type ActionView = typeof prospectActions.$inferSelect;

/** Loads one follow-up action of the organisation, or 404. `forUpdate` locks it. */
export async function findAction(db: Db, organisationId: string, actionId: string, options: { forUpdate?: boolean } = {}): Promise<ActionView> {
  const query = db.select().from(prospectActions).where(and(eq(prospectActions.organisationId, organisationId), eq(prospectActions.id, actionId)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw AppError.notFound('Action');
  return row;
}
