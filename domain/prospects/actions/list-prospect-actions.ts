import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectActions } from '../../../db/schema/index.ts';
import { findProspectRow } from '../prospect-view.ts';
import type { ActionView } from './action-view.ts';

/** A prospect's follow-up actions, by date. */
export async function listProspectActions(db: Db, organisationId: string, prospectId: string): Promise<ActionView[]> {
  await findProspectRow(db, organisationId, prospectId);
  return db
    .select()
    .from(prospectActions)
    .where(eq(prospectActions.prospectId, prospectId))
    .orderBy(asc(prospectActions.dueDate), sql`${prospectActions.dueTime} asc nulls last`, asc(prospectActions.createdAt), asc(prospectActions.id));
}
