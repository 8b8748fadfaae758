import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { catalogueServices, clients, firms, users } from '../../db/schema/index.ts';
import { AppError, type FieldProblem } from '../errors.ts';

export type ClientRow = typeof clients.$inferSelect;

/**
 * Refuses references outside the organisation with one 400 naming each bad field: the client,
 * the firm, the assignee, and each line's service (`lines.0.serviceId`; archived services are
 * refused too — they can no longer be sold). Returns the client for defaults.
 */
export async function assertMissionReferences(
  db: Db,
  organisationId: string,
  input: { clientId?: string | undefined; firmId?: string | null | undefined; assigneeUserId?: string | null | undefined },
  lines: Array<{ serviceId: string }>,
  linesField = 'lines',
): Promise<ClientRow | undefined> {
  const problems: FieldProblem[] = [];
  let client: ClientRow | undefined;
  if (input.clientId) {
    [client] = await db.select().from(clients).where(and(eq(clients.organisationId, organisationId), eq(clients.id, input.clientId)));
    if (!client) problems.push({ field: 'clientId', location: 'body', message: 'unknown client' });
  }
  if (input.firmId) {
    const [firm] = await db.select({ id: firms.id }).from(firms).where(and(eq(firms.organisationId, organisationId), eq(firms.id, input.firmId)));
    if (!firm) problems.push({ field: 'firmId', location: 'body', message: 'unknown firm' });
  }
  if (input.assigneeUserId) {
    const [user] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.organisationId, organisationId), eq(users.id, input.assigneeUserId), isNull(users.deactivatedAt)));
    if (!user) problems.push({ field: 'assigneeUserId', location: 'body', message: 'unknown or deactivated user' });
  }
  const serviceIds = [...new Set(lines.map((line) => line.serviceId))];
  if (serviceIds.length > 0) {
    const known = await db
      .select({ id: catalogueServices.id })
      .from(catalogueServices)
      .where(and(eq(catalogueServices.organisationId, organisationId), inArray(catalogueServices.id, serviceIds), isNull(catalogueServices.archivedAt)));
    lines.forEach((line, index) => {
      if (!known.some((service) => service.id === line.serviceId)) {
        problems.push({ field: `${linesField}.${index}.serviceId`, location: 'body', message: 'unknown or archived service' });
      }
    });
  }
  if (problems.length > 0) throw AppError.invalid(problems);
  return client;
}
