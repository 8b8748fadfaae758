import { and, asc, eq, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { occurrences } from '../../db/schema/index.ts';
import type { IsoDate } from '../calendar/iso-date.ts';
import { businessDateOf } from '../calendar/paris-time.ts';
import { linePlanOf } from './mission-plan.ts';
import { closedStatuses } from './mission-lifecycle.ts';
import { findMission, liveLines } from './mission-view.ts';
import { nextOccurrence, planOccurrence, type PlannedOccurrence } from './plan-occurrences.ts';

/** One occurrence of the forecast: already created, or planned. */
export interface ForecastOccurrence extends PlannedOccurrence {
  lineId: string;
  serviceId: string;
  serviceLabel: string;
  status: 'created' | 'planned';
  occurrenceId: string | null;
  /** When it was created (workflow time), for created occurrences. */
  createdAt: string | null;
}

export interface MissionForecast {
  missionId: string;
  /** The signature date the plan uses: the real one, or the assumed one of an unsigned mission. */
  signedOn: IsoDate;
  signed: boolean;
  until: IsoDate;
  occurrences: ForecastOccurrence[];
}

/**
 * The occurrences of a mission up to `until` (inclusive, on deadlines; the mission end by
 * default), computed by the very functions the line workflows follow (`nextOccurrence` /
 * `planOccurrences`):
 * - unsigned mission: what signing it on `signedOn` (default `today`) would create;
 * - signed mission: the occurrences already created, then, for each live line, those its workflow
 *   will create — the next deadlines after the last created one, from the line's re-planning date
 *   (amendment) on, exactly as the workflow walks them;
 * - finished or cancelled mission: only what was created.
 */
export async function forecastMission(
  db: Db,
  organisationId: string,
  missionId: string,
  options: { until?: IsoDate | undefined; signedOn?: IsoDate | undefined; today: IsoDate },
): Promise<MissionForecast> {
  const mission = await findMission(db, organisationId, missionId);
  const until = options.until ?? mission.endDate;
  const signed = mission.signedAt !== null;
  const signedOn = mission.signedAt !== null ? businessDateOf(mission.signedAt) : (options.signedOn ?? options.today);
  const bounds = { startDate: mission.startDate, endDate: mission.endDate };
  const lines = new Map(mission.lines.map((line) => [line.id, line]));

  const created = await db
    .select()
    .from(occurrences)
    .where(and(eq(occurrences.missionId, missionId), lte(occurrences.deadline, until)))
    .orderBy(asc(occurrences.deadline), asc(occurrences.missionLineId));
  const result: ForecastOccurrence[] = created.map((row) => {
    const line = lines.get(row.missionLineId)!;
    return {
      ...planOccurrence(row.deadline, line.effectiveLeadTimeDays, signedOn),
      lineId: line.id,
      serviceId: line.serviceId,
      serviceLabel: line.serviceLabel,
      status: 'created',
      occurrenceId: row.id,
      createdAt: row.createdAt.toISOString(),
    };
  });

  if (!closedStatuses.includes(mission.status)) {
    for (const line of liveLines(mission)) {
      const plan = linePlanOf(line);
      const input = { schedule: plan.schedule, bounds, signedOn, createPast: mission.createPastOccurrences, until, ...(plan.from !== undefined ? { from: plan.from } : {}) };
      const lastCreated = created.filter((row) => row.missionLineId === line.id).at(-1)?.deadline ?? null;
      for (let next = nextOccurrence(input, lastCreated); next !== null; next = nextOccurrence(input, next.deadline)) {
        result.push({ ...next, lineId: line.id, serviceId: line.serviceId, serviceLabel: line.serviceLabel, status: 'planned', occurrenceId: null, createdAt: null });
      }
    }
  }
  result.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.serviceLabel.localeCompare(b.serviceLabel) || a.lineId.localeCompare(b.lineId));
  return { missionId, signedOn, signed, until, occurrences: result };
}
