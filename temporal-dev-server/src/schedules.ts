/**
 * Schedules (temporal.api.schedule.v1): each one starts a workflow at the times its spec matches,
 * on the server clock (so time skipping jumps to them), under its overlap policy; it can be
 * paused, triggered now and backfilled over past ranges.
 *
 * As the real server: a started workflow's id is the action's id followed by `-` and the nominal
 * time in RFC 3339 (seconds, UTC), and it carries the `TemporalScheduledById` and
 * `TemporalScheduledStartTime` search attributes. Overlap policies: SKIP (the default) skips a
 * time while a workflow the schedule started is running; ALLOW_ALL always starts; BUFFER_ONE
 * keeps one start to take when the running workflow closes; BUFFER_ALL keeps them all;
 * CANCEL_OTHER and TERMINATE_OTHER cancel/terminate the running workflow and start.
 * Times missed while the server was stopped are caught up within the catch-up window (default
 * one year), the last one only.
 */
import { alreadyExists, failedPrecondition, invalidArgument, notFound } from './errors.ts';
import type { Env } from './execution.ts';
import { compileSpec, matchingTimes, type NextTime } from './schedule-spec.ts';
import type { TimerHandle } from './clock.ts';
import { durMs, enums, jsonPayload, L, msFromTs, num, tsFromMs, type Payload, type temporal } from './proto.ts';
import { startParams } from './start-params.ts';
import type { Store } from './store.ts';

type Sch = temporal.api.schedule.v1.ISchedule;
type ActionResult = temporal.api.schedule.v1.IScheduleActionResult;

const Overlap = enums.ScheduleOverlapPolicy;
const RECENT_ACTIONS = 10;
const FUTURE_TIMES = 10;
const DEFAULT_CATCHUP_MS = 365 * 24 * 3600 * 1000;

/** What is saved of a schedule (see persistence/durable-state.ts). */
export interface ScheduleRecord {
  namespace: string;
  scheduleId: string;
  schedule: Sch;
  memo?: Record<string, Payload>;
  searchAttributes?: Record<string, Payload>;
  createTime: number;
  updateTime?: number;
  conflictToken: number;
  actionCount: number;
  missedCatchupWindow: number;
  overlapSkipped: number;
  bufferDropped: number;
  recentActions: Array<{ scheduleTime: number; actualTime: number; workflowId: string; runId: string }>;
  running: Array<{ workflowId: string; runId: string }>;
  buffered: Array<{ nominal: number; overlap: number }>;
  /** The last nominal time handled by the spec (taken, skipped or paused over). */
  lastTime: number;
}

interface Live {
  rec: ScheduleRecord;
  next: NextTime;
  timer?: TimerHandle;
}

export class Schedules {
  private readonly byKey = new Map<string, Live>();
  /** Called whenever a schedule changes or is deleted, so it can be saved. */
  onChange?: (key: string) => void;

  constructor(private readonly env: Env) {}

  static key(namespace: string, scheduleId: string): string {
    return `${namespace}\u0000${scheduleId}`;
  }

  get(key: string): ScheduleRecord | undefined {
    return this.byKey.get(key)?.rec;
  }

  all(): ScheduleRecord[] {
    return [...this.byKey.values()].map((l) => l.rec);
  }

  private store(): Store {
    return this.env.store as Store;
  }

  private mustGet(namespace: string, scheduleId: string | null | undefined): Live {
    if (!scheduleId) throw invalidArgument('ScheduleId is not set on request.');
    const l = this.byKey.get(Schedules.key(namespace, scheduleId));
    if (!l) throw notFound(`schedule "${scheduleId}" not found`);
    return l;
  }

  create(r: temporal.api.workflowservice.v1.ICreateScheduleRequest & { namespace: string }): number {
    if (!r.scheduleId) throw invalidArgument('ScheduleId is not set on request.');
    const key = Schedules.key(r.namespace, r.scheduleId);
    if (this.byKey.has(key)) throw alreadyExists(`Schedule with ID "${r.scheduleId}" is already registered.`);
    const schedule = checkSchedule(r.schedule);
    const now = this.env.clock.now();
    const rec: ScheduleRecord = {
      namespace: r.namespace,
      scheduleId: r.scheduleId,
      schedule,
      memo: r.memo?.fields ?? undefined,
      searchAttributes: r.searchAttributes?.indexedFields ?? undefined,
      createTime: now,
      conflictToken: 1,
      actionCount: 0,
      missedCatchupWindow: 0,
      overlapSkipped: 0,
      bufferDropped: 0,
      recentActions: [],
      running: [],
      buffered: [],
      lastTime: now,
    };
    const live: Live = { rec, next: compileSpec(schedule.spec) };
    this.byKey.set(key, live);
    if (r.initialPatch) this.applyPatch(live, r.initialPatch);
    this.arm(live);
    this.changed(rec);
    return rec.conflictToken;
  }

  describe(namespace: string, scheduleId: string | null | undefined): temporal.api.workflowservice.v1.IDescribeScheduleResponse {
    const l = this.mustGet(namespace, scheduleId);
    this.refreshRunning(l);
    const { rec } = l;
    return {
      schedule: rec.schedule,
      info: {
        actionCount: L(rec.actionCount),
        missedCatchupWindow: L(rec.missedCatchupWindow),
        overlapSkipped: L(rec.overlapSkipped),
        bufferDropped: L(rec.bufferDropped),
        bufferSize: L(rec.buffered.length),
        runningWorkflows: rec.running,
        recentActions: this.recentActions(rec),
        futureActionTimes: this.futureTimes(l, FUTURE_TIMES),
        createTime: tsFromMs(rec.createTime),
        updateTime: rec.updateTime !== undefined ? tsFromMs(rec.updateTime) : undefined,
      },
      memo: { fields: rec.memo ?? {} },
      searchAttributes: { indexedFields: rec.searchAttributes ?? {} },
      conflictToken: tokenBytes(rec.conflictToken),
    };
  }

  list(namespace: string, pageSize: number | null | undefined, token: Uint8Array | null | undefined): temporal.api.workflowservice.v1.IListSchedulesResponse {
    const all = [...this.byKey.values()].filter((l) => l.rec.namespace === namespace).sort((a, b) => a.rec.scheduleId.localeCompare(b.rec.scheduleId));
    const offset = token && token.length ? Number(Buffer.from(token).toString()) || 0 : 0;
    const size = pageSize && pageSize > 0 ? pageSize : 1000;
    const page = all.slice(offset, offset + size);
    return {
      schedules: page.map((l) => {
        this.refreshRunning(l);
        const { rec } = l;
        return {
          scheduleId: rec.scheduleId,
          memo: { fields: rec.memo ?? {} },
          searchAttributes: { indexedFields: rec.searchAttributes ?? {} },
          info: {
            spec: rec.schedule.spec,
            workflowType: rec.schedule.action?.startWorkflow?.workflowType,
            notes: rec.schedule.state?.notes ?? '',
            paused: rec.schedule.state?.paused ?? false,
            recentActions: this.recentActions(rec),
            futureActionTimes: this.futureTimes(l, 5),
          },
        };
      }),
      nextPageToken: offset + page.length < all.length ? Buffer.from(String(offset + page.length)) : new Uint8Array(0),
    };
  }

  update(r: temporal.api.workflowservice.v1.IUpdateScheduleRequest & { namespace: string }): void {
    const l = this.mustGet(r.namespace, r.scheduleId);
    if (r.conflictToken && r.conflictToken.length > 0 && tokenNumber(r.conflictToken) !== l.rec.conflictToken) {
      throw failedPrecondition('mismatched conflict token');
    }
    const schedule = checkSchedule(r.schedule);
    l.next = compileSpec(schedule.spec);
    l.rec.schedule = schedule;
    if (r.searchAttributes) l.rec.searchAttributes = r.searchAttributes.indexedFields ?? undefined;
    l.rec.lastTime = Math.max(l.rec.lastTime, this.env.clock.now());
    this.touched(l);
  }

  patch(namespace: string, scheduleId: string | null | undefined, patch: temporal.api.schedule.v1.ISchedulePatch | null | undefined): void {
    const l = this.mustGet(namespace, scheduleId);
    if (patch) this.applyPatch(l, patch);
    this.touched(l);
  }

  delete(namespace: string, scheduleId: string | null | undefined): void {
    const l = this.mustGet(namespace, scheduleId);
    l.timer?.cancel();
    this.byKey.delete(Schedules.key(l.rec.namespace, l.rec.scheduleId));
    this.changed(l.rec);
  }

  matchingTimes(namespace: string, scheduleId: string | null | undefined, from: number | undefined, to: number | undefined): number[] {
    const l = this.mustGet(namespace, scheduleId);
    if (from === undefined || to === undefined) throw invalidArgument('StartTime and EndTime are required.');
    return matchingTimes(l.next, from, to, 1000);
  }

  /** Put back a schedule reloaded from disk and set it going again. */
  restore(rec: ScheduleRecord): void {
    const live: Live = { rec, next: compileSpec(rec.schedule.spec) };
    this.byKey.set(Schedules.key(rec.namespace, rec.scheduleId), live);
    // Catch up the last time missed while the server was stopped, within the catch-up window.
    const now = this.env.clock.now();
    const window = durMs(rec.schedule.policies?.catchupWindow) ?? DEFAULT_CATCHUP_MS;
    const missed = matchingTimes(live.next, rec.lastTime + 1, now);
    if (missed.length > 0 && !rec.schedule.state?.paused) {
      const last = missed[missed.length - 1]!;
      rec.missedCatchupWindow += missed.filter((t) => t < now - window).length;
      rec.lastTime = last;
      if (last >= now - window) this.take(live, last, this.overlapPolicy(rec));
    }
    this.arm(live);
  }

  /** Tell the schedule that one of the workflows it started has closed (buffered starts go on). */
  onWorkflowClosed(namespace: string, workflowId: string): void {
    for (const l of this.byKey.values()) {
      if (l.rec.namespace !== namespace || !l.rec.running.some((r) => r.workflowId === workflowId)) continue;
      this.refreshRunning(l);
      const b = l.rec.buffered.shift();
      if (b) this.take(l, b.nominal, b.overlap);
      this.changed(l.rec);
    }
  }

  // -----------------------------------------------------------------------------------------

  private applyPatch(l: Live, p: temporal.api.schedule.v1.ISchedulePatch): void {
    const state = (l.rec.schedule.state ??= {});
    if (p.pause) {
      state.paused = true;
      state.notes = p.pause;
    }
    if (p.unpause) {
      state.paused = false;
      state.notes = p.unpause;
      // Times that passed while paused are not taken.
      l.rec.lastTime = Math.max(l.rec.lastTime, this.env.clock.now());
    }
    const now = this.env.clock.now();
    if (p.triggerImmediately) {
      this.take(l, msFromTs(p.triggerImmediately.scheduledTime) ?? now, p.triggerImmediately.overlapPolicy || this.overlapPolicy(l.rec));
    }
    for (const b of p.backfillRequest ?? []) {
      const from = msFromTs(b.startTime);
      const to = msFromTs(b.endTime);
      if (from === undefined || to === undefined) throw invalidArgument('A backfill needs a start time and an end time.');
      for (const t of matchingTimes(l.next, from, to)) this.take(l, t, b.overlapPolicy || this.overlapPolicy(l.rec));
    }
  }

  private touched(l: Live): void {
    l.rec.conflictToken++;
    l.rec.updateTime = this.env.clock.now();
    this.arm(l);
    this.changed(l.rec);
  }

  private changed(rec: ScheduleRecord): void {
    this.onChange?.(Schedules.key(rec.namespace, rec.scheduleId));
  }

  private overlapPolicy(rec: ScheduleRecord): number {
    return rec.schedule.policies?.overlapPolicy || Overlap.SCHEDULE_OVERLAP_POLICY_SKIP;
  }

  /** Wait for the spec's next time after the last one handled. */
  private arm(l: Live): void {
    l.timer?.cancel();
    l.timer = undefined;
    if (l.rec.schedule.state?.paused) return;
    if (l.rec.schedule.state?.limitedActions && num(l.rec.schedule.state.remainingActions) <= 0) return;
    const at = l.next(l.rec.lastTime);
    if (!Number.isFinite(at)) return;
    l.timer = this.env.clock.schedule(
      at,
      () => {
        l.timer = undefined;
        if (this.byKey.get(Schedules.key(l.rec.namespace, l.rec.scheduleId)) !== l) return;
        l.rec.lastTime = at;
        this.take(l, at, this.overlapPolicy(l.rec));
        if (l.rec.schedule.state?.limitedActions) {
          l.rec.schedule.state.remainingActions = L(Math.max(0, num(l.rec.schedule.state.remainingActions) - 1));
        }
        this.arm(l);
        this.changed(l.rec);
      },
      `schedule ${l.rec.scheduleId}`,
    );
  }

  private refreshRunning(l: Live): void {
    const store = this.store();
    l.rec.running = l.rec.running.filter((r) => store.getRun(l.rec.namespace, r.workflowId)?.isOpen);
  }

  /** Start the action for nominal time `nominal` under overlap policy `overlap`. */
  private take(l: Live, nominal: number, overlap: number): void {
    const { rec } = l;
    this.refreshRunning(l);
    if (rec.running.length > 0) {
      switch (overlap) {
        case Overlap.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL:
          break;
        case Overlap.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE:
          if (rec.buffered.length >= 1) rec.bufferDropped++;
          else rec.buffered.push({ nominal, overlap });
          return;
        case Overlap.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL:
          rec.buffered.push({ nominal, overlap });
          return;
        case Overlap.SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER:
        case Overlap.SCHEDULE_OVERLAP_POLICY_TERMINATE_OTHER:
          for (const r of rec.running) {
            const e = this.store().getRun(rec.namespace, r.workflowId, r.runId);
            if (!e?.isOpen) continue;
            if (overlap === Overlap.SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER) e.requestCancel('cancelled by schedule overlap policy', rec.scheduleId);
            else e.terminate('terminated by schedule overlap policy', undefined, rec.scheduleId);
          }
          break;
        default:
          rec.overlapSkipped++;
          return;
      }
    }
    const started = this.startWorkflow(rec, nominal);
    if (!started) return;
    rec.actionCount++;
    rec.running.push(started);
    rec.recentActions.push({ scheduleTime: nominal, actualTime: this.env.clock.now(), ...started });
    if (rec.recentActions.length > RECENT_ACTIONS) rec.recentActions.splice(0, rec.recentActions.length - RECENT_ACTIONS);
  }

  private startWorkflow(rec: ScheduleRecord, nominal: number): { workflowId: string; runId: string } | undefined {
    const a = rec.schedule.action!.startWorkflow!;
    const ns = this.env.namespaces.get(rec.namespace);
    // Named after the nominal time (a manual trigger's is the time it is taken), as the real server does.
    const workflowId = `${a.workflowId}-${new Date(Math.floor(nominal / 1000) * 1000).toISOString().replace('.000Z', 'Z')}`;
    const store = this.store();
    try {
      const params = startParams(store, this.env.clock.now(), ns, {
        ...a,
        workflowId,
        searchAttributes: {
          indexedFields: {
            ...(a.searchAttributes?.indexedFields ?? {}),
            TemporalScheduledById: jsonPayload(rec.scheduleId, 'Keyword'),
            TemporalScheduledStartTime: jsonPayload(new Date(nominal).toISOString(), 'Datetime'),
          },
        },
        identity: `temporal-scheduler-${rec.namespace}-${rec.scheduleId}`,
      });
      const { exec } = store.start(params, { reusePolicy: a.workflowIdReusePolicy ?? 0 });
      return { workflowId, runId: exec.runId };
    } catch (err) {
      this.env.log.warn('schedule could not start its workflow', { scheduleId: rec.scheduleId, workflowId, error: err instanceof Error ? err.message : String(err) });
      return undefined;
    }
  }

  private recentActions(rec: ScheduleRecord): ActionResult[] {
    const store = this.store();
    return rec.recentActions.map((a) => ({
      scheduleTime: tsFromMs(a.scheduleTime),
      actualTime: tsFromMs(a.actualTime),
      startWorkflowResult: { workflowId: a.workflowId, runId: a.runId },
      startWorkflowStatus: store.getRun(rec.namespace, a.workflowId, a.runId)?.status ?? 0,
    }));
  }

  private futureTimes(l: Live, n: number): ReturnType<typeof tsFromMs>[] {
    const out: ReturnType<typeof tsFromMs>[] = [];
    if (l.rec.schedule.state?.paused) return out;
    for (let t = l.next(Math.max(l.rec.lastTime, this.env.clock.now())); Number.isFinite(t) && out.length < n; t = l.next(t)) out.push(tsFromMs(t));
    return out;
  }
}

function checkSchedule(s: Sch | null | undefined): Sch {
  const a = s?.action?.startWorkflow;
  if (!s || !a) throw invalidArgument('Schedule action is not set (only startWorkflow actions exist).');
  if (!a.workflowId) throw invalidArgument('WorkflowId is not set on the schedule action.');
  if (!a.workflowType?.name) throw invalidArgument('WorkflowType is not set on the schedule action.');
  if (!a.taskQueue?.name) throw invalidArgument('TaskQueue is not set on the schedule action.');
  compileSpec(s.spec); // validates
  return s;
}

function tokenBytes(n: number): Uint8Array {
  return Buffer.from(String(n));
}

function tokenNumber(b: Uint8Array): number {
  return Number(Buffer.from(b).toString());
}
