import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { firms, users } from '../../db/schema/index.ts';
import { AppError, type FieldProblem } from '../errors.ts';
import type { ClientPatch } from './client-input.ts';

/**
 * Refuses a firm or a holder/partner outside the organisation (or deactivated) with a 400 naming
 * each field; a client file's holder must be someone who can do the work.
 */
export async function assertClientReferences(db: Db, organisationId: string, input: Pick<ClientPatch, 'firmId' | 'holderUserId' | 'partnerUserId'>): Promise<void> {
  const problems: FieldProblem[] = [];
  if (input.firmId) {
    const [firm] = await db.select({ id: firms.id }).from(firms).where(and(eq(firms.organisationId, organisationId), eq(firms.id, input.firmId)));
    if (!firm) problems.push({ field: 'firmId', location: 'body', message: 'unknown firm' });
  }
  const userIds = [input.holderUserId, input.partnerUserId].filter((id): id is string => Boolean(id));
  if (userIds.length > 0) {
    const known = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.organisationId, organisationId), inArray(users.id, userIds), isNull(users.deactivatedAt)));
    for (const field of ['holderUserId', 'partnerUserId'] as const) {
      const id = input[field];
      if (id && !known.some((user) => user.id === id)) problems.push({ field, location: 'body', message: 'unknown user' });
    }
  }
  if (problems.length > 0) throw AppError.invalid(problems);
}
