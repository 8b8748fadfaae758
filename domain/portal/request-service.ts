import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { catalogueServices, clients, serviceRequests, tasks, users } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory } from '../history/record-history.ts';
import { portalActor, type PortalCaller } from './portal-caller.ts';

export interface ServiceRequestInput {
  /** A service of the firm's catalogue, when the client picked one. */
  serviceId?: string | null | undefined;
  /** The client's own words. */
  message: string;
}

/** A service request as the client sees it afterwards (the review task stays internal). */
export interface PortalServiceRequest {
  id: string;
  serviceId: string | null;
  message: string;
  createdAt: Date;
}

/**
 * A client asks for a service from the portal (seed article 001). It becomes a task for the
 * firm to review — assigned to the client file's holder, or to nobody when the file has none —
 * which the firm adjusts and turns into a mission line. The client sees their request, never
 * the task.
 */
export async function requestService(db: Db, caller: PortalCaller, input: ServiceRequestInput): Promise<PortalServiceRequest> {
  return db.transaction(async (tx) => {
    let serviceLabel: string | null = null;
    if (input.serviceId) {
      const [service] = await tx
        .select({ internalLabel: catalogueServices.internalLabel })
        .from(catalogueServices)
        .where(
          and(
            eq(catalogueServices.organisationId, caller.organisationId),
            eq(catalogueServices.id, input.serviceId),
            isNull(catalogueServices.archivedAt),
          ),
        );
      if (!service) throw AppError.invalid([{ field: 'serviceId', location: 'body', message: 'unknown service' }]);
      serviceLabel = service.internalLabel;
    }
    const [holder] = await tx
      .select({ id: users.id })
      .from(clients)
      .innerJoin(users, and(eq(users.id, clients.holderUserId), isNull(users.deactivatedAt)))
      .where(eq(clients.id, caller.clientId));
    const actor = portalActor(caller);
    const [task] = await tx
      .insert(tasks)
      .values({
        organisationId: caller.organisationId,
        clientId: caller.clientId,
        source: 'client_request',
        title: serviceLabel ? `Demande de prestation : ${serviceLabel}` : 'Demande de prestation',
        description: `${caller.contactName} (${caller.clientName}) : ${input.message}`,
        assigneeUserId: holder?.id ?? null,
      })
      .returning();
    const [request] = await tx
      .insert(serviceRequests)
      .values({
        organisationId: caller.organisationId,
        clientId: caller.clientId,
        contactId: caller.contactId,
        serviceId: input.serviceId ?? null,
        message: input.message,
        taskId: task!.id,
      })
      .returning();
    await recordHistory(tx, actor, { type: 'task', id: task!.id }, { action: 'create', after: task! });
    await recordHistory(tx, actor, { type: 'service_request', id: request!.id }, { action: 'create', after: request! });
    return { id: request!.id, serviceId: request!.serviceId, message: request!.message, createdAt: request!.createdAt };
  });
}
