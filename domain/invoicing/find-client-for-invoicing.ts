import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clients, firms, users } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';

/**
 * The client, the firm that bills it (the one given, else the client's, else the organisation's
 * only firm) and the assignee, all checked to belong to the organisation; other organisations'
 * ids are reported as bad fields, exactly like unknown ones.
 */
export async function resolveBillingParties(db: Db, organisationId: string, input: { clientId: string; firmId?: string | undefined; assigneeUserId?: string | undefined }) {
  const [client] = await db.select().from(clients).where(and(eq(clients.organisationId, organisationId), eq(clients.id, input.clientId)));
  if (!client) throw AppError.invalid([{ field: 'clientId', location: 'body', message: 'unknown client' }]);
  let firmId = input.firmId ?? client.firmId ?? undefined;
  if (!firmId) {
    const all = await db.select({ id: firms.id }).from(firms).where(eq(firms.organisationId, organisationId));
    if (all.length === 1) firmId = all[0]!.id;
  }
  if (!firmId) throw AppError.invalid([{ field: 'firmId', location: 'body', message: 'the client has no firm: name the firm that bills it' }]);
  const [firm] = await db.select().from(firms).where(and(eq(firms.organisationId, organisationId), eq(firms.id, firmId)));
  if (!firm) throw AppError.invalid([{ field: 'firmId', location: 'body', message: 'unknown firm' }]);
  const assigneeUserId = input.assigneeUserId ?? client.holderUserId ?? null;
  if (input.assigneeUserId) {
    const [user] = await db.select({ id: users.id }).from(users).where(and(eq(users.organisationId, organisationId), eq(users.id, input.assigneeUserId)));
    if (!user) throw AppError.invalid([{ field: 'assigneeUserId', location: 'body', message: 'unknown user' }]);
  }
  return { client, firm, assigneeUserId };
}
