import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { catalogueServices, portalServices } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import type { PortalServiceOffer } from './list-portal-services.ts';

/**
 * Opens a catalogue service to the firm's clients, who can then "ask for this service" on their
 * pages (seed 001), under the title and description the client reads. Saving again rewords it.
 */
export async function openServiceToClients(db: Db, actor: Actor, serviceId: string, input: { title: string; description?: string | null | undefined }): Promise<PortalServiceOffer> {
  return db.transaction(async (tx) => {
    const [service] = await tx
      .select({ id: catalogueServices.id })
      .from(catalogueServices)
      .where(and(eq(catalogueServices.organisationId, actor.organisationId), eq(catalogueServices.id, serviceId), isNull(catalogueServices.archivedAt)));
    if (!service) throw AppError.notFound('Service');
    const values = { title: input.title, description: input.description ?? null };
    const [row] = await tx
      .insert(portalServices)
      .values({ serviceId, organisationId: actor.organisationId, ...values })
      .onConflictDoUpdate({ target: portalServices.serviceId, set: values })
      .returning();
    await recordHistory(tx, actor, { type: 'portal_service', id: serviceId }, { action: 'create', after: row! });
    return { serviceId, title: row!.title, description: row!.description };
  });
}

/** Withdraws a service from the clients' pages (the catalogue keeps it). */
export async function closeServiceToClients(db: Db, actor: Actor, serviceId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(portalServices)
      .where(and(eq(portalServices.organisationId, actor.organisationId), eq(portalServices.serviceId, serviceId)))
      .returning();
    if (!removed) throw AppError.notFound('Service open to clients');
    await recordHistory(tx, actor, { type: 'portal_service', id: serviceId }, { action: 'delete', before: removed });
  });
}
