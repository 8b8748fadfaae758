import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { firms, userFirms, userServices, users, type ServiceType } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';

export type UserRow = typeof users.$inferSelect;
export type UserView = UserRow & { firmIds: string[]; services: ServiceType[] };

/** Attaches each user's firm and service access. */
export async function withAccess(db: Db, rows: UserRow[]): Promise<UserView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [firmAccess, serviceAccess] = await Promise.all([
    db.select().from(userFirms).where(inArray(userFirms.userId, ids)),
    db.select().from(userServices).where(inArray(userServices.userId, ids)),
  ]);
  return rows.map((row) => ({
    ...row,
    firmIds: firmAccess.filter((a) => a.userId === row.id).map((a) => a.firmId).sort(),
    services: serviceAccess.filter((a) => a.userId === row.id).map((a) => a.serviceType).sort(),
  }));
}

/** Loads one staff member of the organisation, or 404. */
export async function findUser(db: Db, organisationId: string, userId: string): Promise<UserView> {
  const [row] = await db.select().from(users).where(and(eq(users.organisationId, organisationId), eq(users.id, userId)));
  if (!row) throw AppError.notFound('User');
  const [view] = await withAccess(db, [row]);
  return view!;
}

/** Replaces a user's firm and service access, refusing firms of other organisations. */
export async function replaceAccess(
  db: Db,
  organisationId: string,
  userId: string,
  access: { firmIds?: string[] | undefined; services?: ServiceType[] | undefined },
): Promise<void> {
  if (access.firmIds) {
    const firmIds = [...new Set(access.firmIds)];
    if (firmIds.length > 0) {
      const known = await db.select({ id: firms.id }).from(firms).where(and(eq(firms.organisationId, organisationId), inArray(firms.id, firmIds)));
      const unknown = firmIds.filter((id) => !known.some((k) => k.id === id));
      if (unknown.length > 0) {
        throw AppError.invalid(unknown.map((id) => ({ field: `firmIds.${firmIds.indexOf(id)}`, location: 'body' as const, message: 'unknown firm' })));
      }
    }
    await db.delete(userFirms).where(eq(userFirms.userId, userId));
    if (firmIds.length > 0) await db.insert(userFirms).values(firmIds.map((firmId) => ({ userId, firmId })));
  }
  if (access.services) {
    const services = [...new Set(access.services)];
    await db.delete(userServices).where(eq(userServices.userId, userId));
    if (services.length > 0) await db.insert(userServices).values(services.map((serviceType) => ({ userId, serviceType })));
  }
}
