/**
 * The occurrence use case on its own (no Temporal): what one occurrence generates, and the
 * exactly-once guarantee the workflows rely on, down to the database's unique indexes.
 */
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { historyEntries, informationRequests, missionLines, occurrences, tasks } from '../../db/schema/index.ts';
import type { Actor } from '../../domain/history/record-history.ts';
import { activateMission } from '../../domain/missions/activate-mission.ts';
import { createMission } from '../../domain/missions/create-mission.ts';
import { finishMission } from '../../domain/missions/finish-mission.ts';
import { signMission } from '../../domain/missions/sign-mission.ts';
import { validateMission } from '../../domain/missions/validate-mission.ts';
import { createOccurrence } from '../../domain/occurrences/create-occurrence.ts';
import { adminActor, seedQuarterlyTaskService, seedVatService } from '../support/seed-catalogue.ts';
import { seedClient } from '../support/seed-clients.ts';
import { seedOrganisation, type SeededOrganisation } from '../support/seed.ts';
import { createTestDatabase } from '../support/test-database.ts';

let database: Database;
let org: SeededOrganisation;
let actor: Actor;
let system: Actor;
let services: { vat: { id: string }; review: { id: string } };
let client: Awaited<ReturnType<typeof seedClient>>;

beforeAll(async () => {
  database = await createTestDatabase();
  org = await seedOrganisation(database.db);
  actor = adminActor(org);
  system = { kind: 'system', organisationId: org.organisationId, label: 'Workflow (test)' };
  services = { vat: await seedVatService(database.db, org), review: await seedQuarterlyTaskService(database.db, org) };
  client = await seedClient(database.db, org);
});
afterAll(async () => database?.close());

/** An active mission for 2026 with the VAT line (monthly, the 30th) and the quarterly review line. */
async function seedActiveMission() {
  const mission = await createMission(database.db, actor, {
    clientId: client.id,
    name: 'TVA 2026',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    createPastOccurrences: false,
    lines: [
      { serviceId: services.vat.id, frequency: 'monthly', deadlineRule: { kind: 'day-of-month', day: 30 }, leadTimeDays: 10 },
      { serviceId: services.review.id, frequency: 'quarterly', deadlineRule: { kind: 'end-of-period' } },
    ],
  });
  const at = new Date('2026-01-05T08:00:00Z');
  await validateMission(database.db, actor, mission.id, at);
  await signMission(database.db, actor, mission.id, { signatureId: `sig-${mission.id}`, signer: 'Claire Martin', signedAt: at.toISOString(), level: 'manual' });
  await activateMission(database.db, system, mission.id, at);
  return { missionId: mission.id, vatLineId: mission.lines[0]!.id, reviewLineId: mission.lines[1]!.id };
}

const countOf = async (table: typeof occurrences | typeof tasks | typeof informationRequests, missionId: string) =>
  (await database.db.select({ n: count() }).from(table).where(eq(table.missionId, missionId)))[0]!.n;

describe('creating an occurrence', () => {
  it("creates the service's information request for the client's preferred contact, due on the deadline", async () => {
    const { missionId, vatLineId } = await seedActiveMission();
    const at = new Date('2026-01-19T23:00:00Z');
    const result = await createOccurrence(database.db, system, { missionId, lineId: vatLineId, deadline: '2026-01-30', at });
    expect(result.outcome).toBe('created');
    const [request] = await database.db.select().from(informationRequests).where(eq(informationRequests.missionId, missionId));
    expect(request).toMatchObject({
      clientId: client.id,
      contactId: client.contacts[0]!.id,
      title: 'Justificatifs de TVA',
      message: 'Merci de déposer vos justificatifs de TVA',
      expectsFiles: true,
      dueDate: '2026-01-30',
      status: 'open',
      createdAt: at,
    });
    const history = await database.db.select().from(historyEntries).where(and(eq(historyEntries.entityType, 'information_request'), eq(historyEntries.entityId, request!.id)));
    expect(history).toMatchObject([{ action: 'create', actorUserId: null, actorLabel: 'Workflow (test)' }]);
  });

  it("assigns the review task to the client file's holder", async () => {
    const { missionId, reviewLineId } = await seedActiveMission();
    await createOccurrence(database.db, system, { missionId, lineId: reviewLineId, deadline: '2026-03-31', at: new Date('2026-03-15T23:00:00Z') });
    const [task] = await database.db.select().from(tasks).where(eq(tasks.missionId, missionId));
    expect(task).toMatchObject({ title: 'Réviser les comptes du trimestre', assigneeUserId: client.holderUserId, dueDate: '2026-03-31', source: 'occurrence', status: 'todo' });
  });

  it('creates once however many times it runs at the same moment (retries, duplicated workflows)', async () => {
    const { missionId, vatLineId } = await seedActiveMission();
    const input = { missionId, lineId: vatLineId, deadline: '2026-02-27', at: new Date('2026-02-16T23:00:00Z') };
    const results = await Promise.all(Array.from({ length: 8 }, () => createOccurrence(database.db, system, input)));
    expect(results.filter((result) => result.outcome === 'created')).toHaveLength(1);
    expect(results.filter((result) => result.outcome === 'already_created')).toHaveLength(7);
    expect(new Set(results.map((result) => ('occurrenceId' in result ? result.occurrenceId : null))).size).toBe(1);
    expect(await countOf(occurrences, missionId)).toBe(1);
    expect(await countOf(informationRequests, missionId)).toBe(1);
    // Run again later: still one.
    expect((await createOccurrence(database.db, system, input)).outcome).toBe('already_created');
    expect(await countOf(informationRequests, missionId)).toBe(1);
  });

  it('is backed by the database: a second occurrence for the same line and deadline, or a second task for the same item, is refused', async () => {
    const { missionId, reviewLineId } = await seedActiveMission();
    const result = await createOccurrence(database.db, system, { missionId, lineId: reviewLineId, deadline: '2026-06-30', at: new Date() });
    if (result.outcome !== 'created') throw new Error('expected a new occurrence');
    const duplicateOccurrence = database.db.insert(occurrences).values({ organisationId: org.organisationId, missionId, missionLineId: reviewLineId, deadline: '2026-06-30' });
    await expect(duplicateOccurrence).rejects.toMatchObject({ cause: expect.objectContaining({ message: expect.stringContaining('occurrences_line_deadline_key') }) });
    const [task] = await database.db.select().from(tasks).where(eq(tasks.occurrenceId, result.occurrenceId));
    const duplicateTask = database.db.insert(tasks).values({
      organisationId: org.organisationId,
      clientId: client.id,
      missionId,
      occurrenceId: result.occurrenceId,
      serviceItemId: task!.serviceItemId,
      source: 'occurrence',
      title: 'Doublon',
    });
    await expect(duplicateTask).rejects.toMatchObject({ cause: expect.objectContaining({ message: expect.stringContaining('tasks_occurrence_item_key') }) });
  });

  it('creates nothing for a date that is not a deadline of the line, a removed line, or a finished mission', async () => {
    const { missionId, vatLineId, reviewLineId } = await seedActiveMission();
    const at = new Date('2026-03-01T00:00:00Z');
    expect(await createOccurrence(database.db, system, { missionId, lineId: vatLineId, deadline: '2026-03-15', at })).toEqual({ outcome: 'skipped', reason: 'not_a_deadline' });
    await database.db.update(missionLines).set({ removedAt: at }).where(eq(missionLines.id, reviewLineId));
    expect(await createOccurrence(database.db, system, { missionId, lineId: reviewLineId, deadline: '2026-03-31', at })).toEqual({ outcome: 'skipped', reason: 'line_removed' });
    await finishMission(database.db, actor, missionId, at);
    expect(await createOccurrence(database.db, system, { missionId, lineId: vatLineId, deadline: '2026-03-30', at })).toEqual({ outcome: 'skipped', reason: 'mission_not_active' });
    expect(await countOf(occurrences, missionId)).toBe(0);
  });

  it("refuses another organisation's line as not found", async () => {
    const { missionId, vatLineId } = await seedActiveMission();
    const stranger: Actor = { kind: 'system', organisationId: (await seedOrganisation(database.db)).organisationId, label: 'x' };
    await expect(createOccurrence(database.db, stranger, { missionId, lineId: vatLineId, deadline: '2026-01-30', at: new Date() })).rejects.toMatchObject({ code: 'not_found' });
  });
});
