import { and, asc, eq, isNull, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectReasons, type ReasonKind } from '../../../db/schema/index.ts';
import type { ReasonView } from './reason-view.ts';

/** The organisation's win or loss reasons, alphabetically; archived ones only when asked. */
export async function listReasons(
  db: Db,
  organisationId: string,
  filter: { kind?: ReasonKind | undefined; includeArchived?: boolean | undefined },
): Promise<ReasonView[]> {
  const conditions: SQL[] = [eq(prospectReasons.organisationId, organisationId)];
  if (filter.kind) conditions.push(eq(prospectReasons.kind, filter.kind));
  if (!filter.includeArchived) conditions.push(isNull(prospectReasons.archivedAt));
  return db.select().from(prospectReasons).where(and(...conditions)).orderBy(asc(prospectReasons.kind), asc(prospectReasons.label), asc(prospectReasons.id));
}
