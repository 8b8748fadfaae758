import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clients, missions, users } from '../../db/schema/index.ts';
import { AppError, type FieldProblem } from '../errors.ts';

/**
 * Refuses, with a 400 naming each field, a client, mission or assignee outside the organisation,
 * a mission of another client, or a deactivated assignee.
 */
export async function assertTaskReferences(
  db: Db,
  organisationId: string,
  refs: { clientId?: string | undefined; missionId?: string | null | undefined; assigneeUserId?: string | null | undefined },
): Promise<void> {
  const problems: FieldProblem[] = [];
  if (refs.clientId) {
    const [client] = await db.select({ id: clients.id }).from(clients).where(and(eq(clients.organisationId, organisationId), eq(clients.id, refs.clientId)));
    if (!client) problems.push({ field: 'clientId', location: 'body', message: 'unknown client' });
  }
  if (refs.missionId) {
    const [mission] = await db
      .select({ clientId: missions.clientId })
      .from(missions)
      .where(and(eq(missions.organisationId, organisationId), eq(missions.id, refs.missionId)));
    if (!mission) problems.push({ field: 'missionId', location: 'body', message: 'unknown mission' });
    else if (refs.clientId && mission.clientId !== refs.clientId) problems.push({ field: 'missionId', location: 'body', message: 'a mission of another client' });
  }
  if (refs.assigneeUserId) {
    const [user] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.organisationId, organisationId), eq(users.id, refs.assigneeUserId), isNull(users.deactivatedAt)));
    if (!user) problems.push({ field: 'assigneeUserId', location: 'body', message: 'unknown or deactivated user' });
  }
  if (problems.length > 0) throw AppError.invalid(problems);
}
