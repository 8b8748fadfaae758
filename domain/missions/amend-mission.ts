import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { catalogueServices, missionLines } from '../../db/schema/index.ts';
import type { IsoDate } from '../calendar/iso-date.ts';
import { AppError, type FieldProblem } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { businessDateOf } from '../calendar/paris-time.ts';
import { lineColumns } from './create-mission.ts';
import type { AmendmentInput } from './mission-input.ts';
import { linePlanOf, type LinePlan } from './mission-plan.ts';
import { assertMissionReferences } from './mission-references.ts';
import { assertMayRun } from './mission-lifecycle.ts';
import { findMission, liveLines, type MissionLineView, type MissionView } from './mission-view.ts';
import { LineScheduleSchema } from './schedule.ts';

/** What an amendment changed, for the workflow to re-plan. */
export interface AmendmentResult {
  mission: MissionView;
  /** Paris date of the amendment: only deadlines from this date on are re-planned. */
  effectiveFrom: IsoDate;
  added: LinePlan[];
  changed: LinePlan[];
  removed: string[];
}

/**
 * Amends an active mission (avenant): adds lines, removes lines (`removedAt`; their occurrences
 * already created stay), or changes a line's frequency, deadline rule, first deadline, lead time
 * or price. Occurrences already created are never touched; the workflow re-plans the affected
 * lines from `effectiveFrom` on.
 *
 * Idempotent, because the workflow's activity may run twice: the ids of added lines are chosen by
 * the caller (`addedLineIds`, one per `add` entry, generated replay-safely in the workflow) and
 * inserted ON CONFLICT DO NOTHING; removals and changes set values, so re-applying them is a no-op.
 */
export async function amendMission(
  db: Db,
  actor: Actor,
  missionId: string,
  amendment: AmendmentInput,
  options: { at: Date; addedLineIds: string[] },
): Promise<AmendmentResult> {
  const { at, addedLineIds } = options;
  if (addedLineIds.length !== amendment.add.length) throw new RangeError('One line id is needed per added line');
  return db.transaction(async (tx) => {
    const mission = await findMission(tx, actor.organisationId, missionId, { forUpdate: true });
    const retriedIds = new Set(mission.lines.filter((line) => addedLineIds.includes(line.id)).map((line) => line.id));
    if (retriedIds.size === 0) assertMayRun(mission, 'amend');
    const problems: FieldProblem[] = [];
    const bounds = { startDate: mission.startDate, endDate: mission.endDate };
    const withinBounds = (date: string | null | undefined) => date === null || date === undefined || (date >= bounds.startDate && date <= bounds.endDate);
    const live = new Map(liveLines(mission).map((line) => [line.id, line]));
    const removedNow = new Set<string>();

    amendment.remove.forEach((lineId, index) => {
      const line = mission.lines.find((candidate) => candidate.id === lineId);
      if (!line) problems.push({ field: `remove.${index}`, location: 'body', message: 'unknown line of this mission' });
      else if (line.removedAt === null) removedNow.add(lineId);
    });

    const changes: Array<{ line: MissionLineView; set: Partial<typeof missionLines.$inferInsert> }> = [];
    const serviceDefaults = await serviceDefaultsOf(tx, [...live.values()].map((line) => line.serviceId));
    amendment.change.forEach((change, index) => {
      const line = live.get(change.lineId);
      if (!line || removedNow.has(change.lineId)) {
        problems.push({ field: `change.${index}.lineId`, location: 'body', message: line ? 'this line is removed by the same amendment' : 'unknown or removed line of this mission' });
        return;
      }
      const frequency = change.frequency ?? line.frequency;
      const defaults = serviceDefaults.get(line.serviceId)!;
      const set = {
        frequency,
        quantity: frequency === 'one-off' ? (change.quantity ?? line.quantity) : 1,
        deadlineRule: change.deadlineRule ?? line.deadlineRule,
        firstDeadline: change.firstDeadline === undefined ? line.firstDeadline : change.firstDeadline,
        leadTimeDays: change.leadTimeDays === undefined ? line.effectiveLeadTimeDays : (change.leadTimeDays ?? defaults.leadTimeDays),
        priceCents: change.priceCents === undefined ? line.effectivePriceCents : (change.priceCents ?? defaults.priceCents),
      };
      const schedule = LineScheduleSchema.safeParse({
        frequency: set.frequency,
        ...(set.frequency === 'one-off' ? { quantity: set.quantity } : {}),
        deadlineRule: set.deadlineRule,
        ...(set.firstDeadline !== null ? { firstDeadline: set.firstDeadline } : {}),
        leadTimeDays: set.leadTimeDays,
      });
      if (!schedule.success) {
        for (const issue of schedule.error.issues) problems.push({ field: `change.${index}.${issue.path.join('.')}`, location: 'body', message: issue.message });
      }
      if (!withinBounds(set.firstDeadline)) {
        problems.push({ field: `change.${index}.firstDeadline`, location: 'body', message: `The first deadline is within the mission (${bounds.startDate} – ${bounds.endDate})` });
      }
      changes.push({ line, set });
    });

    amendment.add.forEach((line, index) => {
      if (!withinBounds(line.firstDeadline)) {
        problems.push({ field: `add.${index}.firstDeadline`, location: 'body', message: `The first deadline is within the mission (${bounds.startDate} – ${bounds.endDate})` });
      }
    });
    const newLines = amendment.add.filter((_, index) => !retriedIds.has(addedLineIds[index]!));
    try {
      await assertMissionReferences(tx, actor.organisationId, {}, amendment.add, 'add');
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      problems.push(...(error.details.fields ?? []));
    }
    if (problems.length > 0) throw AppError.invalid(problems, 'The amendment has invalid fields');

    for (const lineId of removedNow) {
      const line = live.get(lineId)!;
      await tx.update(missionLines).set({ removedAt: at, updatedAt: at }).where(and(eq(missionLines.id, lineId), isNull(missionLines.removedAt)));
      await recordHistory(tx, actor, { type: 'mission_line', id: lineId }, { action: 'update', before: line, after: { ...line, removedAt: at } });
    }
    for (const { line, set } of changes) {
      await tx.update(missionLines).set({ ...set, replannedFrom: businessDateOf(at), updatedAt: at }).where(eq(missionLines.id, line.id));
      await recordHistory(tx, actor, { type: 'mission_line', id: line.id }, { action: 'update', before: line, after: { ...line, ...set } });
    }
    if (newLines.length > 0) {
      const addDefaults = await serviceDefaultsOf(tx, amendment.add.map((line) => line.serviceId));
      const rows = amendment.add.map((line, index) => {
        const defaults = addDefaults.get(line.serviceId)!;
        const columns = lineColumns(line);
        // An active mission's lines carry their own lead time and price, as validation froze them.
        return {
          ...columns,
          id: addedLineIds[index]!,
          // Planned from the amendment's date; created one millisecond apart so the lines list in
          // the amendment's order.
          replannedFrom: businessDateOf(at),
          createdAt: new Date(at.getTime() + index),
          updatedAt: at,
          leadTimeDays: columns.leadTimeDays ?? defaults.leadTimeDays,
          priceCents: columns.priceCents ?? defaults.priceCents,
          organisationId: actor.organisationId,
          missionId,
        };
      });
      const inserted = await tx.insert(missionLines).values(rows).onConflictDoNothing({ target: missionLines.id }).returning();
      for (const row of inserted) await recordHistory(tx, actor, { type: 'mission_line', id: row.id }, { action: 'create', after: row });
    }

    const after = await findMission(tx, actor.organisationId, missionId);
    const planOf = (lineId: string) => linePlanOf(after.lines.find((line) => line.id === lineId)!);
    return {
      mission: after,
      effectiveFrom: businessDateOf(at),
      added: addedLineIds.map(planOf),
      changed: changes.map(({ line }) => planOf(line.id)),
      removed: amendment.remove.filter((lineId) => mission.lines.some((line) => line.id === lineId)),
    };
  });
}

async function serviceDefaultsOf(db: Db, serviceIds: string[]): Promise<Map<string, { leadTimeDays: number; priceCents: number }>> {
  const defaults = new Map<string, { leadTimeDays: number; priceCents: number }>();
  for (const serviceId of new Set(serviceIds)) {
    const [service] = await db
      .select({ leadTimeDays: catalogueServices.leadTimeDays, priceCents: catalogueServices.defaultPriceCents })
      .from(catalogueServices)
      .where(eq(catalogueServices.id, serviceId));
    if (service) defaults.set(serviceId, service);
  }
  return defaults;
}
