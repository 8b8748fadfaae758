/**
 * When a schedule's spec fires (temporal.api.schedule.v1.ScheduleSpec), in UTC: intervals (with
 * phase), cron strings (the cron module's language) and structured calendars, bounded by the
 * spec's start and end times. Jitter, exclusions and time zones other than UTC are not applied.
 */
import { parseCron, type CronSchedule } from './cron.ts';
import { invalidArgument } from './errors.ts';
import { durMs, msFromTs, type temporal } from './proto.ts';

type Spec = temporal.api.schedule.v1.IScheduleSpec;
type Range = temporal.api.schedule.v1.IRange;

const SECOND = 1000;

/** The first time strictly after `after` that the spec matches (Infinity if none). */
export type NextTime = (after: number) => number;

export function compileSpec(spec: Spec | null | undefined): NextTime {
  const parts: CronSchedule[] = [];
  for (const i of spec?.interval ?? []) {
    const every = durMs(i.interval) ?? 0;
    if (every < SECOND) throw invalidArgument('Interval must be at least one second.');
    const phase = (durMs(i.phase) ?? 0) % every;
    parts.push((after) => Math.floor((after - phase) / every) * every + every + phase);
  }
  for (const s of spec?.cronString ?? []) {
    const cron = parseCron(s.replace(/^CRON_TZ=(UTC|Etc\/UTC)\s+/, ''));
    if (!cron) throw invalidArgument(`Invalid cron string: ${s}.`);
    parts.push(cron);
  }
  for (const c of spec?.structuredCalendar ?? []) parts.push(calendar(c));
  if ((spec?.calendar?.length ?? 0) > 0) throw invalidArgument('Unstructured calendar specs are not supported by this server; use structured calendars.');
  if (spec?.timezoneName && !/^(UTC|Etc\/UTC)$/.test(spec.timezoneName)) throw invalidArgument(`Time zone ${spec.timezoneName} is not supported by this server (UTC only).`);
  const start = msFromTs(spec?.startTime) ?? Number.NEGATIVE_INFINITY;
  const end = msFromTs(spec?.endTime) ?? Number.POSITIVE_INFINITY;
  return (after) => {
    const from = Math.max(after, start - 1);
    let best = Number.POSITIVE_INFINITY;
    for (const p of parts) best = Math.min(best, p(from));
    return best <= end ? best : Number.POSITIVE_INFINITY;
  };
}

/** Every time the spec matches in [from, to]. */
export function matchingTimes(next: NextTime, from: number, to: number, limit = 10_000): number[] {
  const out: number[] = [];
  for (let t = next(from - 1); t <= to && out.length < limit; t = next(t)) out.push(t);
  return out;
}

function rangeSet(ranges: Range[] | null | undefined, min: number, max: number, dflt: 'all' | number): Set<number> {
  const out = new Set<number>();
  if (!ranges || ranges.length === 0) {
    if (dflt === 'all') for (let v = min; v <= max; v++) out.add(v);
    else out.add(dflt);
    return out;
  }
  for (const r of ranges) {
    const lo = r.start ?? 0;
    const hi = Math.max(lo, r.end ?? 0);
    const step = r.step && r.step > 0 ? r.step : 1;
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

/** A structured calendar: every field must match (unlike cron's day-of-month OR day-of-week). */
function calendar(c: temporal.api.schedule.v1.IStructuredCalendarSpec): CronSchedule {
  const seconds = rangeSet(c.second, 0, 59, 0);
  const minutes = rangeSet(c.minute, 0, 59, 0);
  const hours = rangeSet(c.hour, 0, 23, 0);
  const doms = rangeSet(c.dayOfMonth, 1, 31, 'all');
  const months = rangeSet(c.month, 1, 12, 'all');
  const dows = rangeSet(c.dayOfWeek, 0, 6, 'all');
  const years = c.year && c.year.length > 0 ? rangeSet(c.year, 0, 0, 'all') : undefined;
  return (after) => {
    let t = Math.floor(after / SECOND) * SECOND + SECOND;
    const limit = t + 5 * 366 * 24 * 3600 * SECOND;
    while (t < limit) {
      const d = new Date(t);
      const Y = d.getUTCFullYear();
      const M = d.getUTCMonth();
      const D = d.getUTCDate();
      const h = d.getUTCHours();
      const m = d.getUTCMinutes();
      if ((years && !years.has(Y)) || !months.has(M + 1) || !doms.has(D) || !dows.has(d.getUTCDay())) t = Date.UTC(Y, M, D + 1);
      else if (!hours.has(h)) t = Date.UTC(Y, M, D, h + 1);
      else if (!minutes.has(m)) t = Date.UTC(Y, M, D, h, m + 1);
      else if (!seconds.has(d.getUTCSeconds())) t += SECOND;
      else return t;
    }
    return Number.POSITIVE_INFINITY;
  };
}
