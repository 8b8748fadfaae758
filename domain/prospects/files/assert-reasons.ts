import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectReasons, type ReasonKind } from '../../../db/schema/index.ts';
import { AppError } from '../../errors.ts';

/** Checks that each id is an active reason of that kind of the organisation (400 naming each bad one). */
export async function assertReasons(db: Db, organisationId: string, kind: ReasonKind, reasonIds: string[]): Promise<string[]> {
  const unique = [...new Set(reasonIds)];
  const known = await db
    .select({ id: prospectReasons.id })
    .from(prospectReasons)
    .where(and(eq(prospectReasons.organisationId, organisationId), eq(prospectReasons.kind, kind), inArray(prospectReasons.id, unique), isNull(prospectReasons.archivedAt)));
  const problems = reasonIds
    .map((id, index) => ({ id, index }))
    .filter(({ id }) => !known.some((reason) => reason.id === id))
    .map(({ index }) => ({ field: `reasonIds.${index}`, location: 'body' as const, message: `unknown or archived ${kind} reason` }));
  if (problems.length > 0) throw AppError.invalid(problems);
  return unique;
}
