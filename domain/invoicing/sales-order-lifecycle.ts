import type { SalesOrderStatus } from '../../db/schema/invoicing.ts';
import { AppError } from '../errors.ts';

/**
 * The sales order lifecycle: open → delivered → invoiced, or cancelled while nothing was
 * invoiced. A final invoice issued from it marks it invoiced (down payments do not).
 */
export type SalesOrderCommand = 'deliver' | 'cancel' | 'invoice' | 'mark_invoiced';

export const salesOrderCommands: Record<SalesOrderCommand, { from: readonly SalesOrderStatus[]; to?: SalesOrderStatus; refusal: string }> = {
  deliver: { from: ['open'], to: 'delivered', refusal: 'Only an open order can be delivered' },
  cancel: { from: ['open', 'delivered'], to: 'cancelled', refusal: 'An invoiced or cancelled order cannot be cancelled' },
  invoice: { from: ['open', 'delivered'], refusal: 'An invoiced or cancelled order cannot be invoiced again' },
  mark_invoiced: { from: ['open', 'delivered'], to: 'invoiced', refusal: 'The order was already invoiced or cancelled' },
};

export function assertSalesOrderCommand(order: { status: SalesOrderStatus }, command: SalesOrderCommand): void {
  const rule = salesOrderCommands[command];
  if (!rule.from.includes(order.status)) {
    throw new AppError('conflict', `${rule.refusal} (the order is ${order.status})`, { status: order.status, reason: `sales_order_${order.status}` });
  }
}
