import type { RouteHandler } from '@hono/zod-openapi';
import { actorOf } from '../../../../domain/auth/caller.ts';
import { findAction } from '../../../../domain/prospects/actions/action-view.ts';
import { completeProspectAction } from '../../../../domain/prospects/actions/complete-prospect-action.ts';
import { createProspectAction } from '../../../../domain/prospects/actions/create-prospect-action.ts';
import { deleteProspectAction } from '../../../../domain/prospects/actions/delete-prospect-action.ts';
import { listProspectActions } from '../../../../domain/prospects/actions/list-prospect-actions.ts';
import { updateProspectAction } from '../../../../domain/prospects/actions/update-prospect-action.ts';
import type { AppEnv } from '../../../context.ts';
import type * as routes from './prospect-actions.routes.ts';
import { temporalFollowUpReminders } from '../../../../adapters/temporal/follow-up-reminders.ts';

export const list: RouteHandler<typeof routes.listProspectActions, AppEnv> = async (c) =>
  c.json(await listProspectActions(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id), 200);

export const create: RouteHandler<typeof routes.createProspectAction, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const action = await createProspectAction(deps.database.db, actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json'), {
    now: new Date(),
    reminders: temporalFollowUpReminders(deps),
  });
  return c.json(action, 201);
};

export const get: RouteHandler<typeof routes.getProspectAction, AppEnv> = async (c) =>
  c.json(await findAction(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id), 200);

export const update: RouteHandler<typeof routes.updateProspectAction, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const action = await updateProspectAction(deps.database.db, actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json'), {
    reminders: temporalFollowUpReminders(deps),
  });
  return c.json(action, 200);
};

export const remove: RouteHandler<typeof routes.deleteProspectAction, AppEnv> = async (c) => {
  const deps = c.get('deps');
  await deleteProspectAction(deps.database.db, actorOf(c.get('caller')), c.req.valid('param').id, { reminders: temporalFollowUpReminders(deps) });
  return c.body(null, 204);
};

export const complete: RouteHandler<typeof routes.completeProspectAction, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const action = await completeProspectAction(deps.database.db, actorOf(c.get('caller')), c.req.valid('param').id, {
    now: new Date(),
    reminders: temporalFollowUpReminders(deps),
  });
  return c.json(action, 200);
};
