import type { RouteHandler } from '@hono/zod-openapi';
import { actorOf } from '../../../domain/auth/caller.ts';
import { completeTask } from '../../../domain/tasks/complete-task.ts';
import { createTask } from '../../../domain/tasks/create-task.ts';
import { listTasks } from '../../../domain/tasks/list-tasks.ts';
import { reopenTask } from '../../../domain/tasks/reopen-task.ts';
import { findTask } from '../../../domain/tasks/task-view.ts';
import { updateTask } from '../../../domain/tasks/update-task.ts';
import type { AppEnv } from '../../context.ts';
import type * as routes from './tasks.routes.ts';

export const list: RouteHandler<typeof routes.listTasks, AppEnv> = async (c) =>
  c.json(await listTasks(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('query')), 200);

export const get: RouteHandler<typeof routes.getTask, AppEnv> = async (c) =>
  c.json(await findTask(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id), 200);

export const create: RouteHandler<typeof routes.createTask, AppEnv> = async (c) =>
  c.json(await createTask(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('json')), 201);

export const update: RouteHandler<typeof routes.updateTask, AppEnv> = async (c) =>
  c.json(await updateTask(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json')), 200);

export const complete: RouteHandler<typeof routes.completeTask, AppEnv> = async (c) =>
  c.json(await completeTask(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id), 200);

export const reopen: RouteHandler<typeof routes.reopenTask, AppEnv> = async (c) =>
  c.json(await reopenTask(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id), 200);
