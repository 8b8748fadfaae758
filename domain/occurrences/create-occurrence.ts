import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { preparedPerDb, type Db } from '../../db/client.ts';
import { catalogueServices, clientContacts, clients, informationRequests, missionLines, missions, occurrences, serviceItems, tasks } from '../../db/schema/index.ts';
import { addDays, type IsoDate } from '../calendar/iso-date.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { nextDeadline } from '../missions/compute-deadlines.ts';
import { lineScheduleOf } from '../missions/mission-view.ts';

/** Which occurrence to create, and when (the workflow's clock). */
export interface CreateOccurrenceInput {
  missionId: string;
  lineId: string;
  deadline: IsoDate;
  /** The instant of creation on the workflow's clock, written as the rows' `created_at`. */
  at: Date;
}

/**
 * What happened: created now, already there (a retry or a duplicate), or skipped and why. An
 * occurrence already there names its information requests too: the call that created it may have
 * committed and died before anyone started their emails (a worker killed between the transaction
 * and the workflow task that records its result), so the retry must be able to start them.
 * (Results recorded in workflow histories before 2026-12-01 do not have them.)
 */
export type CreateOccurrenceResult =
  | { outcome: 'created'; occurrenceId: string; taskIds: string[]; informationRequestIds: string[] }
  | { outcome: 'already_created'; occurrenceId: string; informationRequestIds?: string[] }
  | { outcome: 'skipped'; reason: 'mission_not_active' | 'line_removed' | 'not_a_deadline' };

/**
 * What an occurrence is made from, in one prepared statement: the line, its mission, service lead
 * time and client, the occurrence if it already exists, and the client's preferred contact (the
 * information requests' recipient).
 */
const occurrenceSource = preparedPerDb((db) => {
  const preferredContact = db
    .select({ id: clientContacts.id })
    .from(clientContacts)
    .where(eq(clientContacts.clientId, clients.id))
    .orderBy(desc(clientContacts.isPreferred), asc(clientContacts.createdAt), asc(clientContacts.id))
    .limit(1)
    .as('preferred_contact');
  return db
    .select({ mission: missions, line: missionLines, serviceLeadTimeDays: catalogueServices.leadTimeDays, client: clients, existingId: occurrences.id, contactId: preferredContact.id })
    .from(missionLines)
    .innerJoin(missions, eq(missions.id, missionLines.missionId))
    .innerJoin(catalogueServices, eq(catalogueServices.id, missionLines.serviceId))
    .innerJoin(clients, eq(clients.id, missions.clientId))
    .leftJoin(occurrences, and(eq(occurrences.missionLineId, missionLines.id), eq(occurrences.deadline, sql.placeholder('deadline'))))
    .leftJoinLateral(preferredContact, sql`true`)
    .where(and(eq(missionLines.id, sql.placeholder('lineId')), eq(missionLines.missionId, sql.placeholder('missionId')), eq(missions.organisationId, sql.placeholder('organisationId'))))
    .prepare('occurrence_source');
});

/** The items of a service, in their order: what each occurrence of it creates. */
const serviceItemsOf = preparedPerDb((db) =>
  db.select().from(serviceItems).where(eq(serviceItems.serviceId, sql.placeholder('serviceId'))).orderBy(asc(serviceItems.position), asc(serviceItems.id)).prepare('service_items_of'),
);

/**
 * Creates one occurrence of a mission line — the service's internal tasks and the client's
 * information requests for one deadline — exactly once.
 *
 * One transaction: the occurrence row is inserted ON CONFLICT (line, deadline) DO NOTHING; only
 * the transaction that inserted it goes on to insert the service's items as tasks (assigned to the
 * item's user, or to the client file's holder / partner) and information requests (for the
 * client's preferred contact), due on the deadline, with their history (system actor). A retried
 * activity, a worker crash after commit or a duplicated workflow therefore creates nothing twice;
 * the unique indexes on (line, deadline) and (occurrence, service item) back that up in the
 * database.
 *
 * Nothing is created for a mission that is no longer active, a removed line, or a date that is not
 * a deadline of the line's current schedule (an amendment raced the workflow).
 */
export async function createOccurrence(db: Db, actor: Actor, input: CreateOccurrenceInput): Promise<CreateOccurrenceResult> {
  // Read before the transaction, with prepared statements: inside it they would be built again
  // for its handle, and it takes no locks, so they see what its first statements would see.
  const [found] = await occurrenceSource(db).execute({ lineId: input.lineId, missionId: input.missionId, organisationId: actor.organisationId, deadline: input.deadline });
  if (!found) throw AppError.notFound('Mission line');
  const { mission, line, client } = found;
  if (found.existingId !== null) return alreadyCreated(db, found.existingId);
  if (mission.status !== 'active') return { outcome: 'skipped', reason: 'mission_not_active' };
  if (line.removedAt !== null) return { outcome: 'skipped', reason: 'line_removed' };
  const schedule = lineScheduleOf({ ...line, effectiveLeadTimeDays: line.leadTimeDays ?? found.serviceLeadTimeDays });
  const bounds = { startDate: mission.startDate, endDate: mission.endDate };
  if (nextDeadline(schedule, bounds, addDays(input.deadline, -1)) !== input.deadline) return { outcome: 'skipped', reason: 'not_a_deadline' };
  const items = await serviceItemsOf(db).execute({ serviceId: line.serviceId });

  return db.transaction(async (tx) => {
    const [occurrence] = await tx
      .insert(occurrences)
      .values({ organisationId: mission.organisationId, missionId: mission.id, missionLineId: line.id, deadline: input.deadline, createdAt: input.at })
      .onConflictDoNothing({ target: [occurrences.missionLineId, occurrences.deadline] })
      .returning();
    if (!occurrence) {
      // A concurrent transaction inserted it between our read and our insert.
      const [winner] = await tx.select({ id: occurrences.id }).from(occurrences).where(and(eq(occurrences.missionLineId, line.id), eq(occurrences.deadline, input.deadline)));
      return alreadyCreated(tx, winner!.id);
    }
    await recordHistory(tx, actor, { type: 'occurrence', id: occurrence.id }, { action: 'create', after: occurrence });

    const common = { organisationId: mission.organisationId, clientId: client.id, missionId: mission.id, occurrenceId: occurrence.id, dueDate: input.deadline, createdAt: input.at, updatedAt: input.at };

    const taskItems = items.filter((item) => item.kind === 'task');
    const createdTasks =
      taskItems.length === 0
        ? []
        : await tx
            .insert(tasks)
            .values(
              taskItems.map((item) => ({
                ...common,
                serviceItemId: item.id,
                source: 'occurrence' as const,
                title: item.title,
                assigneeUserId: item.assigneeUserId ?? (item.assigneeRole === 'partner' ? client.partnerUserId : item.assigneeRole === 'holder' ? client.holderUserId : null),
              })),
            )
            .onConflictDoNothing()
            .returning();
    const requestItems = items.filter((item) => item.kind === 'information_request');
    const createdRequests =
      requestItems.length === 0
        ? []
        : await tx
            .insert(informationRequests)
            .values(
              requestItems.map((item) => ({
                ...common,
                serviceItemId: item.id,
                contactId: found.contactId,
                title: item.title,
                message: item.message ?? item.title,
                expectsFiles: item.expectsFiles,
                expectsText: item.expectsText,
              })),
            )
            .onConflictDoNothing()
            .returning();
    for (const task of createdTasks) await recordHistory(tx, actor, { type: 'task', id: task.id }, { action: 'create', after: task });
    for (const request of createdRequests) await recordHistory(tx, actor, { type: 'information_request', id: request.id }, { action: 'create', after: request });
    return { outcome: 'created', occurrenceId: occurrence.id, taskIds: createdTasks.map((task) => task.id), informationRequestIds: createdRequests.map((request) => request.id) };
  });
}

/** The answer for an occurrence that exists already, with its information requests. */
async function alreadyCreated(db: Db, occurrenceId: string): Promise<CreateOccurrenceResult> {
  const requests = await db.select({ id: informationRequests.id }).from(informationRequests).where(eq(informationRequests.occurrenceId, occurrenceId)).orderBy(asc(informationRequests.id));
  return { outcome: 'already_created', occurrenceId, informationRequestIds: requests.map((request) => request.id) };
}
