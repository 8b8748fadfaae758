import type { RouteHandler } from '@hono/zod-openapi';
import { actorOf } from '../../../domain/auth/caller.ts';
import { addClientContact } from '../../../domain/clients/add-client-contact.ts';
import { createClient } from '../../../domain/clients/create-client.ts';
import { deleteClientContact } from '../../../domain/clients/delete-client-contact.ts';
import { deleteClient } from '../../../domain/clients/delete-client.ts';
import { findClientContact } from '../../../domain/clients/find-client-contact.ts';
import { findClient } from '../../../domain/clients/find-client.ts';
import { issuePortalToken } from '../../../domain/clients/issue-portal-token.ts';
import { listClients } from '../../../domain/clients/list-clients.ts';
import { revokePortalToken } from '../../../domain/clients/revoke-portal-token.ts';
import { updateClientContact } from '../../../domain/clients/update-client-contact.ts';
import { updateClient } from '../../../domain/clients/update-client.ts';
import type { AppEnv } from '../../context.ts';
import type * as routes from './clients.routes.ts';

export const list: RouteHandler<typeof routes.listClients, AppEnv> = async (c) =>
  c.json(await listClients(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('query')), 200);

export const get: RouteHandler<typeof routes.getClient, AppEnv> = async (c) =>
  c.json(await findClient(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id), 200);

export const create: RouteHandler<typeof routes.createClient, AppEnv> = async (c) =>
  c.json(await createClient(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('json')), 201);

export const update: RouteHandler<typeof routes.updateClient, AppEnv> = async (c) =>
  c.json(await updateClient(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json')), 200);

export const remove: RouteHandler<typeof routes.deleteClient, AppEnv> = async (c) => {
  await deleteClient(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id);
  return c.body(null, 204);
};

export const addContact: RouteHandler<typeof routes.addContact, AppEnv> = async (c) =>
  c.json(await addClientContact(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json')), 201);

export const getContact: RouteHandler<typeof routes.getContact, AppEnv> = async (c) => {
  const { id, contactId } = c.req.valid('param');
  return c.json(await findClientContact(c.get('deps').database.db, c.get('caller').organisationId, id, contactId), 200);
};

export const updateContact: RouteHandler<typeof routes.updateContact, AppEnv> = async (c) => {
  const { id, contactId } = c.req.valid('param');
  return c.json(await updateClientContact(c.get('deps').database.db, actorOf(c.get('caller')), id, contactId, c.req.valid('json')), 200);
};

export const removeContact: RouteHandler<typeof routes.deleteContact, AppEnv> = async (c) => {
  const { id, contactId } = c.req.valid('param');
  await deleteClientContact(c.get('deps').database.db, actorOf(c.get('caller')), id, contactId);
  return c.body(null, 204);
};

export const issueToken: RouteHandler<typeof routes.issuePortalToken, AppEnv> = async (c) => {
  const { id, contactId } = c.req.valid('param');
  const { database, config } = c.get('deps');
  return c.json(await issuePortalToken(database.db, actorOf(c.get('caller')), id, contactId, config.PUBLIC_BASE_URL), 201);
};

export const revokeToken: RouteHandler<typeof routes.revokePortalToken, AppEnv> = async (c) => {
  const { id, contactId } = c.req.valid('param');
  await revokePortalToken(c.get('deps').database.db, actorOf(c.get('caller')), id, contactId);
  return c.body(null, 204);
};
