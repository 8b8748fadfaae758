import type { Db } from '../../db/client.ts';
import { AppError } from '../errors.ts';
import type { IsoDate } from '../calendar/iso-date.ts';
import { businessDateOf } from '../calendar/paris-time.ts';
import { findMission, lineScheduleOf, liveLines, type MissionLineView, type MissionView } from './mission-view.ts';
import type { LineSchedule, MissionBounds } from './schedule.ts';

/** What a line's workflow needs to plan its occurrences. */
export interface LinePlan {
  lineId: string;
  serviceId: string;
  schedule: LineSchedule;
  /**
   * Only deadlines on or after this date are planned: the date of the amendment that added or
   * last changed the line (undefined for the lines signed with the mission).
   */
  from?: IsoDate;
}

/**
 * Everything the workflows need to plan a signed mission's occurrences, read once from the
 * database (the system of record) and passed as workflow input.
 */
export interface MissionPlan {
  missionId: string;
  organisationId: string;
  clientId: string;
  bounds: MissionBounds;
  /** Paris date of the signature: deadlines before it are skipped unless `createPast`. */
  signedOn: IsoDate;
  createPast: boolean;
  lines: LinePlan[];
}

/** A line's plan. */
export function linePlanOf(line: MissionLineView): LinePlan {
  const from = line.replannedFrom;
  return { lineId: line.id, serviceId: line.serviceId, schedule: lineScheduleOf(line), ...(from !== null ? { from } : {}) };
}

/** The plan of a signed mission's live lines. */
export function missionPlanOf(mission: MissionView): MissionPlan {
  if (mission.signedAt === null) throw new AppError('precondition_failed', 'The mission is not signed: nothing is planned yet');
  return {
    missionId: mission.id,
    organisationId: mission.organisationId,
    clientId: mission.clientId,
    bounds: { startDate: mission.startDate, endDate: mission.endDate },
    signedOn: businessDateOf(mission.signedAt),
    createPast: mission.createPastOccurrences,
    lines: liveLines(mission).map((line) => linePlanOf(line)),
  };
}

/** Loads the plan of a signed mission. */
export async function loadMissionPlan(db: Db, organisationId: string, missionId: string): Promise<MissionPlan> {
  return missionPlanOf(await findMission(db, organisationId, missionId));
}
