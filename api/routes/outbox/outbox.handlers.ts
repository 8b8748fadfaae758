import { Readable } from 'node:stream';
import type { RouteHandler } from '@hono/zod-openapi';
import { assertAdmin } from '../../../domain/auth/authenticate-token.ts';
import { listOutboxEmails } from '../../../domain/outbox/list-outbox-emails.ts';
import { listOutboxSms } from '../../../domain/outbox/list-outbox-sms.ts';
import { openOutboxEml } from '../../../domain/outbox/open-outbox-eml.ts';
import { findOutboxEmail } from '../../../domain/outbox/outbox-email-view.ts';
import type { AppEnv } from '../../context.ts';
import type * as routes from './outbox.routes.ts';

export const listEmails: RouteHandler<typeof routes.listOutboxEmails, AppEnv> = async (c) => {
  assertAdmin(c.get('caller'));
  const page = await listOutboxEmails(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('query'));
  return c.json(page, 200);
};

export const getEmail: RouteHandler<typeof routes.getOutboxEmail, AppEnv> = async (c) => {
  assertAdmin(c.get('caller'));
  const email = await findOutboxEmail(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id);
  return c.json(email, 200);
};

export const downloadEml: RouteHandler<typeof routes.downloadOutboxEml, AppEnv> = async (c) => {
  assertAdmin(c.get('caller'));
  const eml = await openOutboxEml(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id);
  return c.body(Readable.toWeb(eml.stream) as ReadableStream<Uint8Array>, 200, {
    'Content-Type': 'message/rfc822',
    'Content-Length': String(eml.size),
    'Content-Disposition': `attachment; filename="${eml.filename}"`,
  }) as never;
};

export const listSms: RouteHandler<typeof routes.listOutboxSms, AppEnv> = async (c) => {
  assertAdmin(c.get('caller'));
  const page = await listOutboxSms(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('query'));
  return c.json(page, 200);
};
