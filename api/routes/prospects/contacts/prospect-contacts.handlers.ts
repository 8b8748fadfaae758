import type { RouteHandler } from '@hono/zod-openapi';
import { actorOf } from '../../../../domain/auth/caller.ts';
import { addProspectContact } from '../../../../domain/prospects/contacts/add-prospect-contact.ts';
import { findContact } from '../../../../domain/prospects/contacts/contact-view.ts';
import { exportContactVCard } from '../../../../domain/prospects/contacts/contact-vcard.ts';
import { deleteContact } from '../../../../domain/prospects/contacts/delete-contact.ts';
import { linkProspectContact } from '../../../../domain/prospects/contacts/link-prospect-contact.ts';
import { listProspectContacts } from '../../../../domain/prospects/contacts/list-prospect-contacts.ts';
import { searchContacts } from '../../../../domain/prospects/contacts/search-contacts.ts';
import { setPreferredContact } from '../../../../domain/prospects/contacts/set-preferred-contact.ts';
import { unlinkProspectContact } from '../../../../domain/prospects/contacts/unlink-prospect-contact.ts';
import { updateContact } from '../../../../domain/prospects/contacts/update-contact.ts';
import type { AppEnv } from '../../../context.ts';
import { fileResponse } from '../../../file-response.ts';
import type * as routes from './prospect-contacts.routes.ts';

export const list: RouteHandler<typeof routes.listProspectContacts, AppEnv> = async (c) =>
  c.json(await listProspectContacts(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id), 200);

export const add: RouteHandler<typeof routes.addProspectContact, AppEnv> = async (c) =>
  c.json(await addProspectContact(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json')), 201);

export const link: RouteHandler<typeof routes.linkProspectContact, AppEnv> = async (c) => {
  const { id, contactId } = c.req.valid('param');
  return c.json(await linkProspectContact(c.get('deps').database.db, actorOf(c.get('caller')), id, contactId), 200);
};

export const unlink: RouteHandler<typeof routes.unlinkProspectContact, AppEnv> = async (c) => {
  const { id, contactId } = c.req.valid('param');
  await unlinkProspectContact(c.get('deps').database.db, actorOf(c.get('caller')), id, contactId);
  return c.body(null, 204);
};

export const prefer: RouteHandler<typeof routes.setPreferredContact, AppEnv> = async (c) => {
  const { id, contactId } = c.req.valid('param');
  return c.json(await setPreferredContact(c.get('deps').database.db, actorOf(c.get('caller')), id, contactId), 200);
};

export const search: RouteHandler<typeof routes.searchContacts, AppEnv> = async (c) =>
  c.json(await searchContacts(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('query')), 200);

export const get: RouteHandler<typeof routes.getContact, AppEnv> = async (c) =>
  c.json(await findContact(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id), 200);

export const update: RouteHandler<typeof routes.updateContact, AppEnv> = async (c) =>
  c.json(await updateContact(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id, c.req.valid('json')), 200);

export const remove: RouteHandler<typeof routes.deleteContact, AppEnv> = async (c) => {
  await deleteContact(c.get('deps').database.db, actorOf(c.get('caller')), c.req.valid('param').id);
  return c.body(null, 204);
};

export const vcard: RouteHandler<typeof routes.downloadVCard, AppEnv> = async (c) => {
  const { fileName, vcard } = await exportContactVCard(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id);
  return fileResponse(c, { name: fileName, mediaType: 'text/vcard; charset=utf-8' }, vcard) as never;
};
