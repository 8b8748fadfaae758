import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { preparedPerDb, type Db } from '../../db/client.ts';
import { catalogueServices, missionLines, missions } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { missionWorkflowId } from './mission-lifecycle.ts';
import type { LineSchedule } from './schedule.ts';

export type MissionRow = typeof missions.$inferSelect;
export type MissionLineRow = typeof missionLines.$inferSelect;

/** A line with what its service brings: the label, and the lead time and price that apply. */
export type MissionLineView = MissionLineRow & {
  serviceLabel: string;
  /** The line's override, or the service's lead time (frozen into the line at validation). */
  effectiveLeadTimeDays: number;
  /** The line's price override, or the service's price (frozen into the line at validation). */
  effectivePriceCents: number;
};

/** A mission with its lines (removed ones included, with `removedAt`) and its workflow id. */
export type MissionView = MissionRow & { workflowId: string; lines: MissionLineView[] };

/** What a line brings from its service. */
const lineService = { serviceLabel: catalogueServices.internalLabel, serviceLeadTimeDays: catalogueServices.leadTimeDays, servicePriceCents: catalogueServices.defaultPriceCents };

/** One mission of the organisation joined to its lines and their services (one row per line), oldest line first. */
const missionWithLines = preparedPerDb((db) =>
  db
    .select({ mission: missions, line: missionLines, ...lineService })
    .from(missions)
    .leftJoin(missionLines, eq(missionLines.missionId, missions.id))
    .leftJoin(catalogueServices, eq(catalogueServices.id, missionLines.serviceId))
    .where(and(eq(missions.organisationId, sql.placeholder('organisationId')), eq(missions.id, sql.placeholder('missionId'))))
    .orderBy(asc(missionLines.createdAt), asc(missionLines.id))
    .prepare('find_mission'),
);

/**
 * Loads one mission of the organisation with its lines, or 404 (also for another organisation's
 * mission). `forUpdate` locks the mission row until the transaction ends, so status transitions
 * and draft edits never interleave; the lines are then read once the lock is held (a joined
 * `FOR UPDATE` would return the lines as they were before waiting for the lock). Without it,
 * one prepared query.
 */
export async function findMission(db: Db, organisationId: string, missionId: string, options: { forUpdate?: boolean } = {}): Promise<MissionView> {
  if (options.forUpdate) {
    const [row] = await db.select().from(missions).where(and(eq(missions.organisationId, organisationId), eq(missions.id, missionId))).for('update');
    if (!row) throw AppError.notFound('Mission');
    const [view] = await withLines(db, [row]);
    return view!;
  }
  const rows = await missionWithLines(db).execute({ organisationId, missionId });
  if (rows.length === 0) throw AppError.notFound('Mission');
  const lines = rows.flatMap(({ line, serviceLabel, serviceLeadTimeDays, servicePriceCents }) =>
    line ? [lineView(line, { serviceLabel: serviceLabel!, serviceLeadTimeDays: serviceLeadTimeDays!, servicePriceCents: servicePriceCents! })] : [],
  );
  return { ...rows[0]!.mission, workflowId: missionWorkflowId(rows[0]!.mission.id), lines };
}

/** A line with its service's label, and the lead time and price that apply. */
function lineView(line: MissionLineRow, service: { serviceLabel: string; serviceLeadTimeDays: number; servicePriceCents: number }): MissionLineView {
  return {
    ...line,
    serviceLabel: service.serviceLabel,
    effectiveLeadTimeDays: line.leadTimeDays ?? service.serviceLeadTimeDays,
    effectivePriceCents: line.priceCents ?? service.servicePriceCents,
  };
}

/** Attaches each mission's lines, oldest first. */
export async function withLines(db: Db, rows: MissionRow[]): Promise<MissionView[]> {
  if (rows.length === 0) return [];
  const lines = await db
    .select({ line: missionLines, ...lineService })
    .from(missionLines)
    .innerJoin(catalogueServices, eq(catalogueServices.id, missionLines.serviceId))
    .where(inArray(missionLines.missionId, rows.map((row) => row.id)))
    .orderBy(asc(missionLines.createdAt), asc(missionLines.id));
  return rows.map((row) => ({
    ...row,
    workflowId: missionWorkflowId(row.id),
    lines: lines.filter(({ line }) => line.missionId === row.id).map(({ line, ...service }) => lineView(line, service)),
  }));
}

/** The lines still in force (not removed by an amendment). */
export function liveLines(mission: MissionView): MissionLineView[] {
  return mission.lines.filter((line) => line.removedAt === null);
}

/** A line's schedule as the planner reads it (lead time resolved). */
export function lineScheduleOf(line: Pick<MissionLineView, 'frequency' | 'quantity' | 'deadlineRule' | 'firstDeadline' | 'effectiveLeadTimeDays'>): LineSchedule {
  return {
    frequency: line.frequency,
    ...(line.frequency === 'one-off' ? { quantity: line.quantity } : {}),
    deadlineRule: line.deadlineRule,
    ...(line.firstDeadline !== null ? { firstDeadline: line.firstDeadline } : {}),
    leadTimeDays: line.effectiveLeadTimeDays,
  };
}
