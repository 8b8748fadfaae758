import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectActions, prospects } from '../../../db/schema/index.ts';

/**
 * Recomputes the prospect's "last action" (latest done) and "next action" (earliest to do),
 * kept on the prospect in the same transaction as the actions so the list reads them directly.
 */
export async function refreshActionSummary(tx: Db, prospectId: string): Promise<void> {
  const [last] = await tx
    .select()
    .from(prospectActions)
    .where(and(eq(prospectActions.prospectId, prospectId), eq(prospectActions.status, 'done')))
    .orderBy(desc(prospectActions.dueDate), sql`${prospectActions.dueTime} desc nulls first`, desc(prospectActions.createdAt))
    .limit(1);
  const [next] = await tx
    .select()
    .from(prospectActions)
    .where(and(eq(prospectActions.prospectId, prospectId), eq(prospectActions.status, 'todo')))
    .orderBy(asc(prospectActions.dueDate), sql`${prospectActions.dueTime} asc nulls last`, asc(prospectActions.createdAt))
    .limit(1);
  await tx
    .update(prospects)
    .set({
      lastActionId: last?.id ?? null,
      lastActionDate: last?.dueDate ?? null,
      lastActionType: last?.actionType ?? null,
      nextActionId: next?.id ?? null,
      nextActionDate: next?.dueDate ?? null,
      nextActionType: next?.actionType ?? null,
    })
    .where(eq(prospects.id, prospectId));
}
