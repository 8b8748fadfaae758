/**
 * When each occurrence of a mission line is created: at 00:00 Europe/Paris on its deadline minus
 * the line's lead time, or at once when that moment had already passed at signature. Pure and
 * deterministic — the workflows (one occurrence at a time, {@link nextOccurrence}) and the API's
 * forecast ({@link forecastOccurrences}) run the very same code.
 *
 * Only the creation instant is an instant; everything else is a calendar date (`YYYY-MM-DD`).
 * The instant comes from domain/calendar/paris-time.ts (summer time included).
 */
import { addDays, maxIsoDate, type IsoDate } from '../calendar/iso-date.ts';
import { startOfBusinessDay } from '../calendar/paris-time.ts';
import { nextDeadline } from './compute-deadlines.ts';
import type { LineSchedule, MissionBounds } from './schedule.ts';

/** Business dates are in France: creation happens at local midnight there. */

/** The date an occurrence's tasks and information requests are created: `deadline − leadTimeDays`. */
export function creationDate(deadline: IsoDate, leadTimeDays: number): IsoDate {
  if (!Number.isInteger(leadTimeDays) || leadTimeDays < 0) {
    throw new RangeError(`The lead time is a whole number of days ≥ 0, got ${leadTimeDays}`);
  }
  return addDays(deadline, -leadTimeDays);
}

/** The UTC instant (ISO 8601) of 00:00 Europe/Paris on the creation date `deadline − leadTimeDays`. */
export function creationInstant(deadline: IsoDate, leadTimeDays: number): string {
  return startOfBusinessDay(creationDate(deadline, leadTimeDays));
}

/** One planned occurrence of a line. */
export interface PlannedOccurrence {
  /** The deadline (already moved to a business day). */
  deadline: IsoDate;
  /** `deadline − leadTimeDays`, even when that date had passed at signature. */
  createOn: IsoDate;
  /**
   * When to create it (UTC ISO instant): 00:00 Paris on `createOn`, or 00:00 Paris on the
   * signature day when `createOn` is before it — i.e. at once when the workflow starts.
   */
  createAt: string;
  /** The deadline itself was before the signature day (only planned with `createPast`). */
  overdueAtSignature: boolean;
  /** `createOn` was before the signature day, so `createAt` is the signature day's start. */
  createAtSignature: boolean;
}

/** What {@link planOccurrences} needs. */
export interface PlanOccurrencesInput {
  /** The line's schedule (parsed with `LineScheduleSchema`). */
  schedule: Pick<LineSchedule, 'frequency' | 'deadlineRule' | 'firstDeadline' | 'leadTimeDays'>;
  /** The mission's start and end dates. */
  bounds: MissionBounds;
  /** The day the engagement letter was signed (Paris date). */
  signedOn: IsoDate;
  /** Also create occurrences whose deadline is before `signedOn` (at once); skipped otherwise. */
  createPast: boolean;
  /** Only deadlines on or after this date (an amendment re-plans from there). */
  from?: IsoDate;
  /** Only deadlines on or before this date (inclusive; the forecast horizon). */
  until?: IsoDate;
}

/**
 * Plans the occurrence of one deadline: `createOn = deadline − leadTimeDays`,
 * `createAt = max(00:00 Paris on createOn, 00:00 Paris on signedOn)`.
 */
export function planOccurrence(deadline: IsoDate, leadTimeDays: number, signedOn: IsoDate): PlannedOccurrence {
  const createOn = creationDate(deadline, leadTimeDays);
  return {
    deadline,
    createOn,
    createAt: startOfBusinessDay(maxIsoDate(createOn, signedOn)),
    overdueAtSignature: deadline < signedOn,
    createAtSignature: createOn < signedOn,
  };
}

/**
 * The next occurrence to plan whose deadline is strictly after `after` (the first one when null),
 * or null when none is left. Deadlines before `signedOn` are skipped unless `createPast`; only
 * deadlines within [`from`, `until`] and the mission bounds are planned. Iterating it from null
 * yields {@link planOccurrences}.
 */
export function nextOccurrence(input: PlanOccurrencesInput, after: IsoDate | null): PlannedOccurrence | null {
  const { schedule, bounds, signedOn, createPast, from, until } = input;
  let lower = from;
  if (!createPast) lower = lower === undefined ? signedOn : maxIsoDate(lower, signedOn);
  const searchAfter =
    lower === undefined ? after : after === null ? addDays(lower, -1) : maxIsoDate(after, addDays(lower, -1));
  // `from` / `until` filter the series; they are not the mission bounds (which anchor it).
  const deadline = nextDeadline(schedule, bounds, searchAfter);
  if (deadline === null || (until !== undefined && deadline > until)) return null;
  return planOccurrence(deadline, schedule.leadTimeDays, signedOn);
}

/**
 * Every occurrence to plan for a line, in deadline order: its deadlines (see computeDeadlines)
 * within the mission bounds and [`from`, `until`]; those strictly before `signedOn` skipped unless
 * `createPast` (then created at once); those whose creation date had passed at signature created
 * at once too (`createAt` = start of the signature day).
 */
export function planOccurrences(input: PlanOccurrencesInput): PlannedOccurrence[] {
  const occurrences: PlannedOccurrence[] = [];
  for (let occurrence = nextOccurrence(input, null); occurrence !== null; ) {
    occurrences.push(occurrence);
    occurrence = nextOccurrence(input, occurrence.deadline);
  }
  return occurrences;
}

/**
 * The forecast shown by the API: {@link planOccurrences} — the same function the workflows
 * follow — up to `until` (inclusive, on deadlines).
 */
export function forecastOccurrences(input: PlanOccurrencesInput & { until: IsoDate }): PlannedOccurrence[] {
  return planOccurrences(input);
}
