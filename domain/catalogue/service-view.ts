import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { catalogueServices, missionLines, serviceItems } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';

export type ServiceRow = typeof catalogueServices.$inferSelect;
export type ServiceItem = Omit<typeof serviceItems.$inferSelect, 'organisationId' | 'serviceId'>;
/** A catalogue service with what each occurrence generates, and whether a mission line uses it. */
export type ServiceView = ServiceRow & { items: ServiceItem[]; inUse: boolean };

/** Attaches each service's items (in order) and its in-use flag. */
export async function withItems(db: Db, rows: ServiceRow[]): Promise<ServiceView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [items, usage] = await Promise.all([
    db.select().from(serviceItems).where(inArray(serviceItems.serviceId, ids)).orderBy(asc(serviceItems.position), asc(serviceItems.id)),
    db.select({ serviceId: missionLines.serviceId, n: count() }).from(missionLines).where(inArray(missionLines.serviceId, ids)).groupBy(missionLines.serviceId),
  ]);
  return rows.map((row) => ({
    ...row,
    items: items.filter((item) => item.serviceId === row.id).map(({ organisationId: _o, serviceId: _s, ...item }) => item),
    inUse: usage.some((use) => use.serviceId === row.id && use.n > 0),
  }));
}

/** Loads one catalogue service of the organisation with its items, or 404. */
export async function findService(db: Db, organisationId: string, serviceId: string): Promise<ServiceView> {
  const [row] = await db
    .select()
    .from(catalogueServices)
    .where(and(eq(catalogueServices.organisationId, organisationId), eq(catalogueServices.id, serviceId)));
  if (!row) throw AppError.notFound('Service');
  const [view] = await withItems(db, [row]);
  return view!;
}
