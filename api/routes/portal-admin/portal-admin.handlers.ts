import { randomUUID } from 'node:crypto';
import type { RouteHandler } from '@hono/zod-openapi';
import { actorOf } from '../../../domain/auth/caller.ts';
import { AppError } from '../../../domain/errors.ts';
import { issueCalendarFeed, revokeCalendarFeed } from '../../../domain/portal/calendar-feed.ts';
import { listInformationRequestEmails } from '../../../domain/portal/list-information-request-emails.ts';
import { restorePortalAccess, revokePortalAccess } from '../../../domain/portal/revoke-portal-access.ts';
import { sendInformationRequestEmail } from '../../../domain/portal/send-information-request-email.ts';
import { findInformationRequest } from '../../../domain/information-requests/information-request-view.ts';
import type { AppEnv } from '../../context.ts';
import type * as routes from './portal-admin.routes.ts';

export const listEmails: RouteHandler<typeof routes.listRequestEmails, AppEnv> = async (c) => {
  const items = await listInformationRequestEmails(c.get('deps').database.db, c.get('caller').organisationId, c.req.valid('param').id);
  return c.json({ items: items.map((item) => ({ ...item, createdAt: item.createdAt.toISOString() })) }, 200);
};

export const resend: RouteHandler<typeof routes.resendRequestEmail, AppEnv> = async (c) => {
  const { database, emailSender, config } = c.get('deps');
  const caller = c.get('caller');
  const { id } = c.req.valid('param');
  await findInformationRequest(database.db, caller.organisationId, id);
  if (!emailSender) throw new AppError('unavailable', 'Email is not configured');
  const idempotencyKey = `information-request/${id}/resent/${randomUUID()}`;
  const result = await sendInformationRequestEmail(
    { db: database.db, emailSender, from: config.EMAIL_FROM, publicBaseUrl: config.PUBLIC_BASE_URL },
    { organisationId: caller.organisationId, requestId: id, kind: 'resent', idempotencyKey, sentByUserId: caller.userId },
  );
  if (result.outcome === 'skipped') {
    throw new AppError('conflict', result.reason === 'not_open' ? 'The request is no longer open: the client has answered or the firm closed it' : 'The request’s contact has no email address or no access to the client pages', { reason: result.reason });
  }
  const emails = await listInformationRequestEmails(database.db, caller.organisationId, id);
  const sent = emails.filter((email) => email.kind === 'resent').at(-1)!;
  return c.json({ ...sent, createdAt: sent.createdAt.toISOString() }, 201);
};

export const issueFeed: RouteHandler<typeof routes.issueCalendarFeedRoute, AppEnv> = async (c) => {
  const { id, contactId } = c.req.valid('param');
  const deps = c.get('deps');
  return c.json(await issueCalendarFeed(deps.database.db, actorOf(c.get('caller')), id, contactId, deps.config.PUBLIC_BASE_URL), 201);
};

export const revokeFeed: RouteHandler<typeof routes.revokeCalendarFeedRoute, AppEnv> = async (c) => {
  const { id, contactId } = c.req.valid('param');
  await revokeCalendarFeed(c.get('deps').database.db, actorOf(c.get('caller')), id, contactId);
  return c.body(null, 204);
};

export const revokeAccess: RouteHandler<typeof routes.revokePortalAccessRoute, AppEnv> = async (c) => {
  const { id, contactId } = c.req.valid('param');
  await revokePortalAccess(c.get('deps').database.db, actorOf(c.get('caller')), id, contactId);
  return c.body(null, 204);
};

export const restoreAccess: RouteHandler<typeof routes.restorePortalAccessRoute, AppEnv> = async (c) => {
  const { id, contactId } = c.req.valid('param');
  await restorePortalAccess(c.get('deps').database.db, actorOf(c.get('caller')), id, contactId);
  return c.body(null, 204);
};
