import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { userFirms, users } from '../../db/schema/index.ts';
import { AppError, type FieldProblem } from '../errors.ts';

/**
 * Checks a prospect's salespeople: both are active staff of the organisation; the source
 * salesperson was granted that capacity by an administrator and has access to a firm (to each
 * of `firmIds`, the firms of the prospect's files, when there are some). Refuses with a 400
 * naming each bad field and saying what to grant.
 */
export async function assertSalespeople(
  db: Db,
  organisationId: string,
  people: { sourceSalespersonId?: string | null | undefined; operationalSalespersonId?: string | null | undefined },
  firmIds: string[] = [],
): Promise<void> {
  const ids = [people.sourceSalespersonId, people.operationalSalespersonId].filter((id): id is string => Boolean(id));
  if (ids.length === 0) return;
  const known = await db
    .select({ id: users.id, canBeSourceSalesperson: users.canBeSourceSalesperson, firstName: users.firstName, lastName: users.lastName })
    .from(users)
    .where(and(eq(users.organisationId, organisationId), inArray(users.id, ids), isNull(users.deactivatedAt)));
  const problems: FieldProblem[] = [];
  if (people.operationalSalespersonId && !known.some((user) => user.id === people.operationalSalespersonId)) {
    problems.push({ field: 'operationalSalespersonId', location: 'body', message: 'unknown or deactivated user' });
  }
  if (people.sourceSalespersonId) {
    const source = known.find((user) => user.id === people.sourceSalespersonId);
    if (!source) {
      problems.push({ field: 'sourceSalespersonId', location: 'body', message: 'unknown or deactivated user' });
    } else if (!source.canBeSourceSalesperson) {
      problems.push({
        field: 'sourceSalespersonId',
        location: 'body',
        message: `${source.firstName} ${source.lastName} has not been granted the source salesperson capacity; an administrator grants it on the user (canBeSourceSalesperson)`,
      });
    } else {
      const access = await db.select({ firmId: userFirms.firmId }).from(userFirms).where(eq(userFirms.userId, source.id));
      const missing = firmIds.filter((firmId) => !access.some((a) => a.firmId === firmId));
      if (access.length === 0 || missing.length > 0) {
        problems.push({
          field: 'sourceSalespersonId',
          location: 'body',
          message: `${source.firstName} ${source.lastName} has no access to ${missing.length > 0 ? 'the firm of the prospect’s files' : 'any firm'}; grant it under the user’s firm access (firmIds)`,
        });
      }
    }
  }
  if (problems.length > 0) throw AppError.invalid(problems);
}
