/**
 * The deadlines (échéances) of a mission line. Pure and deterministic: shared by the API
 * (forecast) and by Temporal workflows, which walk the series one deadline at a time with
 * {@link nextDeadline}; {@link computeDeadlines} is exactly that walk.
 *
 * Semantics:
 * 1. Nominal dates. The rule (see `DeadlineRuleSchema`) gives one nominal date per step:
 *    - monthly / quarterly / half-yearly / yearly: the series steps 1 / 3 / 6 / 12 months from the
 *      anchor's month, applying the rule in each step's month (a day-of-month is clamped to the
 *      month's last day in that month only: day 30 gives 02-28 then 03-30, never drifting);
 *      `end-of-period` gives the last day of each calendar month / quarter / half-year / year;
 *    - weekly: every 7 days from the anchor, a Sunday (`end-of-period` is the only weekly rule);
 *    - one-off: a single nominal date.
 * 2. Anchor (1ʳᵉ échéance). Recurring lines: the first nominal date produced by the rule on or
 *    after `firstDeadline`, or, without it, on or after the mission start date — the rule's date
 *    in the start date's period when it is not already past, otherwise the next month's (a
 *    day-of-month rule produces a date in every month: quarterly day 30 from 2026-01-01 is
 *    anchored on 2026-01-30, then 04-30, 07-30, 10-30; quarterly end-of-period from 2026-01-01 on
 *    2026-03-31). A `firstDeadline` already moved back to a business day (02-27 for day 30)
 *    anchors on the same month. One-off lines: `firstDeadline` itself; without it, the first
 *    day-of-month / last-day-of-month date on or after the start date, or for `end-of-period`
 *    the mission's end date.
 * 3. Business days. A nominal date on a weekend or French public holiday moves to the previous
 *    business day — but never out of its calendar period (week, month, quarter, half-year, year;
 *    a one-off line's period is the mission) nor before the mission start: when there is no
 *    business day there, it moves to the next business day of its period instead ("modified
 *    preceding"), and when there is none either, the period has no deadline. Monthly day 1:
 *    2026-01-01 → 01-02, 2026-05-01 → 05-04; quarterly or yearly day 1 in May: 2026-05-01 → 04-30
 *    (same quarter); 2026-12-25 → 12-24. Steps are computed from nominal dates, so an adjustment
 *    never shifts the following deadlines.
 * 4. Bounds. Deadlines before the mission start date or after its end date (after adjustment)
 *    are excluded. Deadlines strictly increase and there is at most one per calendar period.
 *
 * Inputs are assumed valid (parse them with `LineScheduleSchema` / `MissionBoundsSchema`); a weekly
 * line with a month-based rule throws a RangeError.
 */
import { previousBusinessDayWithin } from '../calendar/previous-business-day.ts';
import {
  addDays,
  dateInMonth,
  endOfIsoWeek,
  maxIsoDate,
  monthIndexOf,
  startOfIsoWeek,
  toDayNumber,
  type IsoDate,
} from '../calendar/iso-date.ts';
import { PERIOD_MONTHS, type Frequency } from './frequencies.ts';
import type { DeadlineRule, LineSchedule, MissionBounds } from './schedule.ts';

/** The part of a line's schedule that decides its deadlines (lead time and quantity do not). */
export type DeadlineSchedule = Pick<LineSchedule, 'frequency' | 'deadlineRule' | 'firstDeadline'>;

type MonthStepped = Exclude<Frequency, 'weekly' | 'one-off'>;

type RecurringSeries =
  | { kind: 'months'; frequency: MonthStepped; rule: DeadlineRule; anchorMonth: number; stepMonths: number }
  | { kind: 'weeks'; anchorDay: number };

type Series = RecurringSeries | { kind: 'one-off'; nominal: IsoDate };

/**
 * The next deadline of the line strictly after `after` (the first deadline when `after` is null),
 * within the mission bounds; null when there is none left. Iterating it from null yields
 * {@link computeDeadlines}. `after` need not be a deadline itself.
 */
export function nextDeadline(schedule: DeadlineSchedule, bounds: MissionBounds, after: IsoDate | null): IsoDate | null {
  const lower = after === null ? bounds.startDate : maxIsoDate(bounds.startDate, addDays(after, 1));
  if (lower > bounds.endDate) return null;
  const series = seriesOf(schedule, bounds);
  if (series.kind === 'one-off') {
    const deadline = previousBusinessDayWithin(series.nominal, bounds.startDate, bounds.endDate);
    return deadline !== null && deadline >= lower ? deadline : null;
  }
  // A step's deadline stays in its period, and periods are consecutive, so deadlines strictly
  // increase with the step and every step before this estimate ends before `lower`.
  const estimate =
    series.kind === 'months'
      ? Math.floor((monthIndexOf(lower) - series.anchorMonth) / series.stepMonths)
      : Math.floor((toDayNumber(lower) - series.anchorDay) / 7);
  for (let step = Math.max(0, estimate); ; step++) {
    const { nominal, periodStart, periodEnd } = stepOf(series, step);
    if (periodStart > bounds.endDate) return null;
    const deadline = previousBusinessDayWithin(nominal, maxIsoDate(periodStart, bounds.startDate), periodEnd);
    if (deadline !== null && deadline >= lower) return deadline <= bounds.endDate ? deadline : null;
  }
}

/**
 * All deadlines of the line within the mission bounds, in increasing order: exactly the iteration
 * of {@link nextDeadline} from null. See the module comment for the semantics.
 */
export function computeDeadlines(schedule: DeadlineSchedule, bounds: MissionBounds): IsoDate[] {
  const deadlines: IsoDate[] = [];
  for (let deadline = nextDeadline(schedule, bounds, null); deadline !== null; ) {
    deadlines.push(deadline);
    deadline = nextDeadline(schedule, bounds, deadline);
  }
  return deadlines;
}

/**
 * The nominal first deadline the rule gives from the mission start date — the value to prefill
 * the "1ʳᵉ échéance" field with (before any business-day adjustment).
 */
export function defaultFirstDeadline(
  schedule: Pick<LineSchedule, 'frequency' | 'deadlineRule'>,
  bounds: MissionBounds,
): IsoDate {
  const series = seriesOf({ frequency: schedule.frequency, deadlineRule: schedule.deadlineRule }, bounds);
  return series.kind === 'one-off' ? series.nominal : stepOf(series, 0).nominal;
}

/** The line's series: its anchor and how it steps. */
function seriesOf(schedule: DeadlineSchedule, bounds: MissionBounds): Series {
  const { frequency, deadlineRule: rule } = schedule;
  const reference = schedule.firstDeadline ?? bounds.startDate;
  switch (frequency) {
    case 'one-off': {
      if (schedule.firstDeadline !== undefined) return { kind: 'one-off', nominal: schedule.firstDeadline };
      if (rule.kind === 'end-of-period') return { kind: 'one-off', nominal: bounds.endDate };
      return { kind: 'one-off', nominal: firstNominalOnOrAfter('monthly', rule, bounds.startDate) };
    }
    case 'weekly': {
      if (rule.kind !== 'end-of-period') {
        throw new RangeError(`A weekly line only accepts the "end-of-period" deadline rule, not "${rule.kind}"`);
      }
      return { kind: 'weeks', anchorDay: toDayNumber(endOfIsoWeek(reference)) };
    }
    default: {
      const anchor = firstNominalOnOrAfter(frequency, rule, reference);
      return { kind: 'months', frequency, rule, anchorMonth: monthIndexOf(anchor), stepMonths: PERIOD_MONTHS[frequency] };
    }
  }
}

/** The first nominal date the rule produces on or after `reference` (this month's or next month's). */
function firstNominalOnOrAfter(frequency: MonthStepped, rule: DeadlineRule, reference: IsoDate): IsoDate {
  const month = monthIndexOf(reference);
  const candidate = ruleDate(frequency, rule, month);
  return candidate >= reference ? candidate : ruleDate(frequency, rule, month + 1);
}

/** The rule's nominal date in month `monthIndex` (end-of-period: the end of the period holding it). */
function ruleDate(frequency: MonthStepped, rule: DeadlineRule, monthIndex: number): IsoDate {
  switch (rule.kind) {
    case 'day-of-month':
      return dateInMonth(monthIndex, rule.day);
    case 'last-day-of-month':
      return dateInMonth(monthIndex, 31);
    case 'end-of-period':
      return dateInMonth(firstMonthOfPeriod(frequency, monthIndex) + PERIOD_MONTHS[frequency] - 1, 31);
  }
}

/** The month index of the first month of the calendar month / quarter / half-year / year holding `monthIndex`. */
function firstMonthOfPeriod(frequency: MonthStepped, monthIndex: number): number {
  const period = PERIOD_MONTHS[frequency];
  return monthIndex - (((monthIndex % period) + period) % period);
}

/** A step's nominal date and the calendar period it belongs to. */
function stepOf(series: RecurringSeries, step: number): { nominal: IsoDate; periodStart: IsoDate; periodEnd: IsoDate } {
  if (series.kind === 'weeks') {
    const nominal = addDays('1970-01-01', series.anchorDay + 7 * step);
    return { nominal, periodStart: startOfIsoWeek(nominal), periodEnd: nominal };
  }
  const month = series.anchorMonth + step * series.stepMonths;
  const first = firstMonthOfPeriod(series.frequency, month);
  return {
    nominal: ruleDate(series.frequency, series.rule, month),
    periodStart: dateInMonth(first, 1),
    periodEnd: dateInMonth(first + PERIOD_MONTHS[series.frequency] - 1, 31),
  };
}
