import type { RouteHandler } from '@hono/zod-openapi';
import { listOutboxEmails } from '../../../domain/outbox/list-outbox-emails.ts';
import { listOutboxSms } from '../../../domain/outbox/list-outbox-sms.ts';
import { openOutboxEml } from '../../../domain/outbox/open-outbox-eml.ts';
import { findOutboxEmail } from '../../../domain/outbox/outbox-email-view.ts';
import type { AppEnv } from '../../context.ts';
import { fileResponse } from '../../file-response.ts';
import type * as routes from './outbox.routes.ts';

export const listEmails: RouteHandler<typeof routes.listOutboxEmails, AppEnv> = async (c) => {
  const page = await listOutboxEmails(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('query'));
  return c.json(page, 200);
};

export const getEmail: RouteHandler<typeof routes.getOutboxEmail, AppEnv> = async (c) => {
  const email = await findOutboxEmail(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id);
  return c.json(email, 200);
};

export const downloadEml: RouteHandler<typeof routes.downloadOutboxEml, AppEnv> = async (c) => {
  const eml = await openOutboxEml(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id);
  return fileResponse(c, { name: eml.filename, mediaType: 'message/rfc822', size: eml.size }, eml.stream) as never;
};

export const listSms: RouteHandler<typeof routes.listOutboxSms, AppEnv> = async (c) => {
  const page = await listOutboxSms(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('query'));
  return c.json(page, 200);
};
