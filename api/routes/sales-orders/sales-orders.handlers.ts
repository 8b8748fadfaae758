import type { RouteHandler } from '@hono/zod-openapi';
import { actorOf } from '../../../domain/auth/caller.ts';
import { createSalesOrder } from '../../../domain/invoicing/create-sales-order.ts';
import { findSalesOrder, listSalesOrders } from '../../../domain/invoicing/sales-order-view.ts';
import { transitionSalesOrder } from '../../../domain/invoicing/transition-sales-order.ts';
import type { AppEnv } from '../../context.ts';
import type * as routes from './sales-orders.routes.ts';

export const list: RouteHandler<typeof routes.listSalesOrders, AppEnv> = async (c) =>
  c.json(await listSalesOrders(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('query')) as never, 200);

export const get: RouteHandler<typeof routes.getSalesOrder, AppEnv> = async (c) =>
  c.json(await findSalesOrder(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id) as never, 200);

export const create: RouteHandler<typeof routes.createSalesOrder, AppEnv> = async (c) =>
  c.json(await createSalesOrder(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('json')) as never, 201);

export const deliver: RouteHandler<typeof routes.deliverSalesOrder, AppEnv> = async (c) =>
  c.json(await transitionSalesOrder(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id, 'deliver') as never, 200);

export const cancel: RouteHandler<typeof routes.cancelSalesOrder, AppEnv> = async (c) =>
  c.json(await transitionSalesOrder(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id, 'cancel') as never, 200);
