/**
 * Cron schedules of workflows started with `cronSchedule` (the legacy form Temporal still
 * accepts): five UTC fields `minute hour day-of-month month day-of-week` with `*`, `a`, `a-b`,
 * `…/step` and lists (when both day fields are restricted, either may match, as in cron), the
 * descriptors `@yearly` `@annually` `@monthly` `@weekly` `@daily` `@midnight` `@hourly`, and
 * `@every <duration>` (Go syntax: `2s`, `1m30s`, `1h`).
 *
 * As the real server (`backoff.GetBackoffForNextSchedule`), the next run is the first schedule
 * time, counted from the closing run's start, that is not before the close.
 */

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const MINUTE = 60_000;
const GO_UNITS: Record<string, number> = { h: 3_600_000, m: MINUTE, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };

export type CronSchedule = (afterMs: number) => number;

/** Parse a cron schedule; undefined when it is not valid. The result gives the first time strictly after a given one. */
export function parseCron(spec: string): CronSchedule | undefined {
  const s = spec.trim();
  if (s.startsWith('@every ')) {
    const every = parseGoDuration(s.slice('@every '.length).trim());
    if (!every || every < 1000) return undefined;
    // As robfig/cron's ConstantDelaySchedule: whole seconds.
    return (after) => Math.floor(after / 1000) * 1000 + Math.round(every / 1000) * 1000;
  }
  const fields = (DESCRIPTORS[s] ?? s).split(/\s+/);
  if (fields.length !== 5) return undefined;
  const ranges: Array<[number, number]> = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]];
  const sets = fields.map((f, i) => parseField(f, ...ranges[i]!));
  if (sets.some((x) => x === undefined)) return undefined;
  const [minutes, hours, doms, months, dows] = sets as Set<number>[];
  if (dows!.has(7)) dows!.add(0);
  const domStar = fields[2] === '*' || fields[2] === '?';
  const dowStar = fields[4] === '*' || fields[4] === '?';
  const dayMatches = (d: Date): boolean => {
    const dom = doms!.has(d.getUTCDate());
    const dow = dows!.has(d.getUTCDay());
    if (domStar && dowStar) return true;
    if (domStar) return dow;
    if (dowStar) return dom;
    return dom || dow;
  };
  return (after) => {
    let t = Math.floor(after / MINUTE) * MINUTE + MINUTE;
    // Five years of days is more than any valid expression needs (29 February included).
    const limit = t + 5 * 366 * 24 * 60 * MINUTE;
    while (t < limit) {
      const d = new Date(t);
      if (!months!.has(d.getUTCMonth() + 1) || !dayMatches(d)) {
        t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
      } else if (!hours!.has(d.getUTCHours())) {
        t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
      } else if (!minutes!.has(d.getUTCMinutes())) {
        t += MINUTE;
      } else {
        return t;
      }
    }
    return Number.POSITIVE_INFINITY;
  };
}

function parseField(field: string, min: number, max: number): Set<number> | undefined {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const m = /^(\*|\?|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    let lo = min;
    let hi = max;
    if (m[2] !== undefined) {
      lo = Number(m[2]);
      hi = m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? max : lo;
    }
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (lo < min || hi > max || lo > hi || step < 1) return undefined;
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

function parseGoDuration(v: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(v); m; m = re.exec(v)) {
    total += Number(m[1]) * GO_UNITS[m[2]!]!;
    matched = re.lastIndex;
  }
  return matched === v.length && matched > 0 ? total : undefined;
}

/** Time from `closeMs` to the next run: the first schedule time after the run's start not before its close. */
export function backoffToNextRun(schedule: CronSchedule, runStartMs: number, closeMs: number): number {
  let next = schedule(runStartMs);
  while (next < closeMs) next = schedule(next);
  return next - closeMs;
}
