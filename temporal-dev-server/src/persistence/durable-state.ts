/**
 * Keeps a server's state in a journal file, so that a restart — even after SIGKILL — finds every
 * namespace, search attribute and run again (see README.md, "Durability").
 *
 * Journal lines (JSON):
 *  - `{"t":"ns","v":…}`               a namespace with its search attributes (last wins);
 *  - `{"t":"run","r":id,"v":…}`       a run's start parameters (written once);
 *  - `{"t":"ev","r":id,"from":n,"e":[…]}` history events n, n+1, … (protobuf, base64);
 *  - `{"t":"st","r":id,"v":…}`        the rest of a run's state (last wins, see execution/recovery.ts);
 *  - `{"t":"del","r":id}`             a run deleted after its namespace's retention period;
 *  - `{"t":"sch","k":key,"v":…}`      a schedule with its counters and recent actions (last wins);
 *  - `{"t":"schdel","k":key}`         a deleted schedule;
 *  - `{"t":"clock","now":ms,"real":ms}` the server clock, so it never goes back after a restart.
 * Every change is written and fdatasync'ed before the gRPC answer that caused it (the gRPC layer
 * awaits `sync()`), and soon after changes nobody asked for (timers firing). When the journal holds
 * much more than the live state, it is rewritten with only the live state (compaction).
 */
import { Execution, type RunState, type StartParams } from '../execution.ts';
import type { Logger } from '../log.ts';
import type { Namespace } from '../namespaces.ts';
import { Schedules, type ScheduleRecord } from '../schedules.ts';
import type { ServerState } from '../state.ts';
import { decodeEvent, encodeEvent, fromPlain, toPlain } from './codec.ts';
import { Journal } from './journal.ts';

interface JournalLine {
  t: string;
  r?: string;
  k?: string;
  v?: unknown;
  from?: number;
  e?: string[];
  now?: number;
  real?: number;
}

interface SavedRun {
  start: Record<string, unknown>;
  state?: unknown;
  events: string[];
}

const RETENTION_SWEEP_MS = 60_000;
/** Compact when the journal holds this many lines more than the live state needs. */
const COMPACT_SLACK_LINES = 20_000;

export class DurableState {
  private readonly namespaces = new Map<string, unknown>();
  private runs = new Map<string, SavedRun>();
  private schedules = new Map<string, unknown>();
  /** Keys of schedules changed (or deleted) since the last write. */
  private readonly dirtySchedules = new Set<string>();
  private clock: { now: number; real: number } | undefined;
  private state: ServerState | undefined;
  private readonly dirty = new Set<Execution>();
  /** runId → number of history events already in the journal. */
  private readonly savedEvents = new Map<string, number>();
  private lastNamespaces = '';
  private clockOffset = 0;
  private compacting: Promise<void> | undefined;
  private flushQueued = false;
  private sweepTimer: NodeJS.Timeout | undefined;
  private readonly loadedLines: number;

  private constructor(
    private readonly journal: Journal,
    lines: string[],
    private readonly log: Logger,
  ) {
    this.loadedLines = lines.length;
    for (const [i, line] of lines.entries()) {
      let rec: JournalLine;
      try {
        rec = JSON.parse(line) as typeof rec;
      } catch {
        throw new Error(`${journal.file}: line ${i + 1} is not valid JSON; the journal is damaged`);
      }
      this.apply(rec);
    }
  }

  /** Open the journal at `file` (created if missing) and read it. */
  static open(file: string, log: Logger): DurableState {
    const { journal, lines } = Journal.open(file, (err) => log.error('journal write failed', { file, error: err instanceof Error ? err.message : String(err) }));
    return new DurableState(journal, lines, log);
  }

  private apply(rec: JournalLine): void {
    switch (rec.t) {
      case 'ns':
        this.namespaces.set((rec.v as { name: string }).name, rec.v);
        break;
      case 'run':
        this.runs.set(rec.r!, { start: rec.v as Record<string, unknown>, events: [] });
        break;
      case 'ev': {
        const r = this.runs.get(rec.r!);
        if (!r) break;
        r.events.length = Math.min(r.events.length, rec.from ?? 0);
        r.events.push(...(rec.e ?? []));
        break;
      }
      case 'st': {
        const r = this.runs.get(rec.r!);
        if (r) r.state = rec.v;
        break;
      }
      case 'del':
        this.runs.delete(rec.r!);
        break;
      case 'sch':
        this.schedules.set(rec.k!, rec.v);
        break;
      case 'schdel':
        this.schedules.delete(rec.k!);
        break;
      case 'clock':
        this.clock = { now: rec.now ?? 0, real: rec.real ?? 0 };
        break;
      default:
        break;
    }
  }

  /** Where the server clock resumes: where it was, plus the real time spent stopped. */
  clockStart(): number | undefined {
    if (!this.clock) return undefined;
    return Math.max(this.clock.now, Date.now() + (this.clock.now - this.clock.real));
  }

  /** Number of runs found in the journal. */
  get storedRuns(): number {
    return this.runs.size;
  }

  /**
   * Put the saved namespaces and runs into a fresh server state and set every open run going
   * again; from then on, record its changes.
   */
  attach(state: ServerState): void {
    this.state = state;
    const { namespaces, store, env } = state;
    for (const raw of this.namespaces.values()) {
      const v = fromPlain(raw) as Omit<Namespace, 'searchAttributes'> & { searchAttributes: Record<string, Namespace['searchAttributes'] extends Map<string, infer T> ? T : never> };
      const ns = namespaces.ensure(v.name);
      Object.assign(ns, { ...v, searchAttributes: new Map(Object.entries(v.searchAttributes ?? {})) });
    }
    const restored: Execution[] = [];
    for (const [runId, saved] of this.runs) {
      if (!saved.state) continue;
      const start = fromPlain(saved.start) as StartParams & { namespace: string };
      const params: StartParams = { ...start, namespace: namespaces.ensure(start.namespace) };
      const exec = new Execution(env, params);
      exec.restoreState(fromPlain(saved.state) as RunState, saved.events.map(decodeEvent));
      store.restore(exec);
      this.savedEvents.set(runId, saved.events.length);
      restored.push(exec);
    }
    const liveLines = this.runs.size * 3 + this.namespaces.size + this.schedules.size;
    this.runs = new Map(); // the saved text is not needed any more
    env.touch = (exec) => this.touch(exec);
    state.schedules.onChange = (key) => {
      this.dirtySchedules.add(key);
      this.queueFlush();
    };
    for (const exec of restored) {
      try {
        exec.resume();
      } catch (err) {
        this.log.error('could not resume a run', { workflowId: exec.workflowId, runId: exec.runId, error: err instanceof Error ? err.stack : String(err) });
      }
    }
    for (const [key, raw] of this.schedules) {
      try {
        state.schedules.restore(fromPlain(raw) as ScheduleRecord);
        this.dirtySchedules.add(key);
      } catch (err) {
        this.log.error('could not restore a schedule', { key, error: err instanceof Error ? err.stack : String(err) });
      }
    }
    const schedules = this.schedules.size;
    this.schedules = new Map();
    this.log.info('state reloaded', { file: this.journal.file, runs: restored.length, open: restored.filter((e) => e.isOpen).length, schedules });
    this.sweepRetention();
    if (this.loadedLines > liveLines + COMPACT_SLACK_LINES) void this.compact();
    this.clockOffset = state.clock.now() - Date.now();
    this.sweepTimer = setInterval(() => {
      this.sweepRetention();
      void this.sync();
    }, RETENTION_SWEEP_MS);
    this.sweepTimer.unref();
  }

  private touch(exec: Execution): void {
    this.dirty.add(exec);
    this.queueFlush();
  }

  private queueFlush(): void {
    if (!this.flushQueued) {
      this.flushQueued = true;
      setImmediate(() => {
        this.flushQueued = false;
        void this.sync();
      });
    }
  }

  /** Write every change made so far; resolves once it is on disk. */
  sync(): Promise<void> {
    const lines = this.collect();
    const done = this.journal.append(lines);
    if (this.journal.linesSinceRewrite > this.liveLines() + COMPACT_SLACK_LINES) void this.compact();
    return done;
  }

  private liveLines(): number {
    return (this.state?.store.all().length ?? 0) * 3 + (this.state?.schedules.all().length ?? 0) + 10;
  }

  private collect(): string[] {
    const state = this.state;
    if (!state) return [];
    const lines: string[] = [];
    const nsLines = state.namespaces.list().map((ns) => JSON.stringify({ t: 'ns', v: toPlain(ns) }));
    const nsText = nsLines.join('\n');
    if (nsText !== this.lastNamespaces) {
      this.lastNamespaces = nsText;
      lines.push(...nsLines);
    }
    for (const exec of this.dirty) lines.push(...this.runLines(exec, false));
    this.dirty.clear();
    for (const key of this.dirtySchedules) {
      const rec = state.schedules.get(key);
      lines.push(JSON.stringify(rec ? { t: 'sch', k: key, v: toPlain(rec) } : { t: 'schdel', k: key }));
    }
    this.dirtySchedules.clear();
    // The clock is saved with every change, and whenever it jumped (an advance or a skip).
    const now = state.clock.now();
    const real = Date.now();
    if (lines.length > 0 || Math.abs(now - real - this.clockOffset) > 1000) {
      this.clockOffset = now - real;
      lines.push(JSON.stringify({ t: 'clock', now, real }));
    }
    return lines;
  }

  private runLines(exec: Execution, full: boolean): string[] {
    const state = this.state!;
    if (state.store.getRun(exec.namespace.name, exec.workflowId, exec.runId) !== exec) return [];
    const lines: string[] = [];
    let from = full ? undefined : this.savedEvents.get(exec.runId);
    if (from === undefined) {
      lines.push(JSON.stringify({ t: 'run', r: exec.runId, v: toPlain({ ...exec.params, namespace: exec.namespace.name }) }));
      from = 0;
    }
    if (exec.history.length > from) {
      lines.push(JSON.stringify({ t: 'ev', r: exec.runId, from, e: exec.history.slice(from).map(encodeEvent) }));
    }
    this.savedEvents.set(exec.runId, exec.history.length);
    const st = exec.savedState();
    lines.push(JSON.stringify({ t: 'st', r: exec.runId, v: toPlain({ ...st, buffered: st.buffered }) }));
    return lines;
  }

  /** Rewrite the journal with the live state only. */
  compact(): Promise<void> {
    if (this.compacting) return this.compacting;
    const started = Date.now();
    this.compacting = this.journal.rewrite(() => {
      const state = this.state!;
      this.collect(); // everything before this point is in the rewrite below
      this.lastNamespaces = '';
      const out: string[] = [];
      const nsLines = state.namespaces.list().map((ns) => JSON.stringify({ t: 'ns', v: toPlain(ns) }));
      this.lastNamespaces = nsLines.join('\n');
      out.push(...nsLines);
      for (const exec of state.store.all()) out.push(...this.runLines(exec, true));
      for (const rec of state.schedules.all()) out.push(JSON.stringify({ t: 'sch', k: Schedules.key(rec.namespace, rec.scheduleId), v: toPlain(rec) }));
      out.push(JSON.stringify({ t: 'clock', now: state.clock.now(), real: Date.now() }));
      this.log.info('journal compacted', { file: this.journal.file, lines: out.length, ms: Date.now() - started });
      return out;
    }).finally(() => {
      this.compacting = undefined;
    });
    return this.compacting;
  }

  /** Delete closed runs older than their namespace's retention period. */
  sweepRetention(): void {
    const state = this.state;
    if (!state) return;
    const now = state.clock.now();
    const lines: string[] = [];
    for (const exec of state.store.all()) {
      if (exec.isOpen || exec.closeTime === undefined) continue;
      if (exec.closeTime + exec.namespace.retentionMs > now) continue;
      state.store.remove(exec);
      this.dirty.delete(exec);
      this.savedEvents.delete(exec.runId);
      lines.push(JSON.stringify({ t: 'del', r: exec.runId }));
    }
    if (lines.length > 0) {
      this.log.info('retention: closed runs deleted', { count: lines.length });
      void this.journal.append(lines);
    }
  }

  async close(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.sync();
    await this.journal.close();
  }
}
