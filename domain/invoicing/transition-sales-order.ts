import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { salesOrders } from '../../db/schema/index.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { assertSalesOrderCommand, salesOrderCommands } from './sales-order-lifecycle.ts';
import { findSalesOrder, type SalesOrderView } from './sales-order-view.ts';

/** Marks a sales order delivered or cancelled, as the lifecycle table allows. */
export async function transitionSalesOrder(db: Db, actor: Actor, id: string, command: 'deliver' | 'cancel'): Promise<SalesOrderView> {
  return db.transaction(async (tx) => {
    const before = await findSalesOrder(tx, actor.organisationId, id, { forUpdate: true });
    assertSalesOrderCommand(before, command);
    const [after] = await tx.update(salesOrders).set({ status: salesOrderCommands[command].to!, updatedAt: new Date() }).where(eq(salesOrders.id, id)).returning();
    await recordHistory(tx, actor, { type: 'sales_order', id }, { action: 'update', before, after: after! });
    return after!;
  });
}
