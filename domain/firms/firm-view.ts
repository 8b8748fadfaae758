import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { firmServices, firms, type ServiceType } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';

export type FirmRow = typeof firms.$inferSelect;
export type FirmView = FirmRow & { services: ServiceType[] };

/** Attaches each firm's offered service types. */
export async function withServices(db: Db, rows: FirmRow[]): Promise<FirmView[]> {
  if (rows.length === 0) return [];
  const offered = await db
    .select()
    .from(firmServices)
    .where(inArray(firmServices.firmId, rows.map((row) => row.id)))
    .orderBy(asc(firmServices.serviceType));
  return rows.map((row) => ({ ...row, services: offered.filter((s) => s.firmId === row.id).map((s) => s.serviceType) }));
}

/** Loads one firm of the organisation, or 404 (also for another organisation's firm). */
export async function findFirm(db: Db, organisationId: string, firmId: string): Promise<FirmView> {
  const [row] = await db.select().from(firms).where(and(eq(firms.organisationId, organisationId), eq(firms.id, firmId)));
  if (!row) throw AppError.notFound('Firm');
  const [view] = await withServices(db, [row]);
  return view!;
}
