import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { catalogueServices, portalServices } from '../../db/schema/index.ts';

/** A service the firm offers its clients on their pages, in the client's words. */
export interface PortalServiceOffer {
  serviceId: string;
  title: string;
  description: string | null;
}

/** The services of the firm's catalogue open to clients (not archived), by title. */
export async function listPortalServices(db: Db, organisationId: string): Promise<PortalServiceOffer[]> {
  return db
    .select({ serviceId: portalServices.serviceId, title: portalServices.title, description: portalServices.description })
    .from(portalServices)
    .innerJoin(catalogueServices, eq(catalogueServices.id, portalServices.serviceId))
    .where(and(eq(portalServices.organisationId, organisationId), isNull(catalogueServices.archivedAt)))
    .orderBy(asc(portalServices.title));
}
