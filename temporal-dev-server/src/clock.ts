/**
 * Virtual clock, timer queue and time skipping.
 *
 * Virtual time is real time plus an offset that only grows (from where `startAt` put it). Every server-side deadline (user
 * timers, workflow/activity timeouts, retry backoffs, test-service sleeps) is a timer on this
 * clock. Time skipping jumps the offset to the next timer, but only while
 *  - skipping is enabled and no client holds a lock (`LockTimeSkipping`), and
 *  - no work is outstanding (a workflow task, an activity attempt, a child start or a query):
 *    callers register such work with `hold(key)` / `release(key)`.
 * `advance(ms)` moves the clock forward by a fixed amount (CLI form, dev endpoints), firing the
 * timers in between one at a time and letting the workers catch up between them.
 */
import type { Logger } from './log.ts';

export interface TimerHandle {
  cancel(): void;
  readonly at: number;
}

interface TimerEntry {
  at: number;
  seq: number;
  fn: () => void;
  label: string;
  cancelled: boolean;
}

const MAX_REAL_DELAY = 60 * 60 * 1000;

class TimerHeap {
  private items: TimerEntry[] = [];
  get size(): number {
    return this.items.length;
  }
  push(e: TimerEntry): void {
    const a = this.items;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(a[i]!, a[p]!)) {
        [a[i], a[p]] = [a[p]!, a[i]!];
        i = p;
      } else break;
    }
  }
  peek(): TimerEntry | undefined {
    this.dropCancelled();
    return this.items[0];
  }
  pop(): TimerEntry | undefined {
    this.dropCancelled();
    return this.popRaw();
  }
  private dropCancelled(): void {
    while (this.items.length > 0 && this.items[0]!.cancelled) this.popRaw();
  }
  private popRaw(): TimerEntry | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l]!, a[m]!)) m = l;
        if (r < a.length && less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

function less(a: TimerEntry, b: TimerEntry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

export interface ClockOptions {
  timeSkipping: boolean;
  /** Start with one client lock held (test-server form). */
  startLocked: boolean;
  /**
   * Where the clock starts (ms since epoch); default: now. A start in the past lets a test run a
   * scenario at literal dates ("signed on 2026-01-05"); from there the clock only moves forward.
   */
  startAt?: number | undefined;
  log: Logger;
}

export class Clock {
  private offset = 0;
  private seq = 0;
  private readonly timers = new TimerHeap();
  private readonly busy = new Map<string, { what: string; running: boolean }>();
  private lastBusyChange = Date.now();
  /** Woken whenever outstanding work changes (`advance` waits on them instead of polling). */
  private readonly busyWatchers = new Set<() => void>();
  private clientLocks: number;
  private realTimer: NodeJS.Timeout | undefined;
  private realTimerAt = Infinity;
  private pumpQueued = false;
  private stopped = false;
  private advancing: Promise<void> = Promise.resolve();
  readonly timeSkipping: boolean;
  private readonly log: Logger;

  constructor(opts: ClockOptions) {
    this.timeSkipping = opts.timeSkipping;
    this.clientLocks = opts.timeSkipping && opts.startLocked ? 1 : 0;
    if (opts.startAt !== undefined) this.offset = opts.startAt - Date.now();
    this.log = opts.log;
  }

  now(): number {
    return Date.now() + this.offset;
  }

  /** Schedule `fn` at virtual time `at` (ms since epoch). */
  schedule(at: number, fn: () => void, label = 'timer'): TimerHandle {
    const entry: TimerEntry = { at, seq: ++this.seq, fn, label, cancelled: false };
    this.timers.push(entry);
    this.requestPump();
    return {
      at,
      cancel: () => {
        if (!entry.cancelled) {
          entry.cancelled = true;
          this.requestPump();
        }
      },
    };
  }

  after(ms: number, fn: () => void, label?: string): TimerHandle {
    return this.schedule(this.now() + Math.max(0, ms), fn, label);
  }

  /**
   * Mark work outstanding: time does not skip while any is held. Idempotent per key; call again
   * with `running: true` once a worker has picked the work up.
   */
  hold(key: string, what = key, running = false): void {
    const cur = this.busy.get(key);
    if (!cur || cur.running !== running) {
      this.busy.set(key, { what, running });
      this.busyChanged();
    }
  }

  release(key: string): void {
    if (this.busy.delete(key)) {
      this.busyChanged();
      if (this.busy.size === 0) this.requestPump();
    }
  }

  private busyChanged(): void {
    this.lastBusyChange = Date.now();
    const watchers = [...this.busyWatchers];
    this.busyWatchers.clear();
    for (const w of watchers) w();
  }

  outstanding(): string[] {
    return [...this.busy.values()].map((b) => (b.running ? `${b.what} (running)` : b.what));
  }

  lockSkipping(): void {
    this.clientLocks++;
  }

  unlockSkipping(): void {
    if (this.clientLocks === 0) throw new Error('Time skipping is already unlocked');
    this.clientLocks--;
    this.requestPump();
  }

  get locked(): boolean {
    return this.clientLocks > 0;
  }

  /** Resolves once virtual time reaches `at` (skipping towards it when allowed). */
  sleepUntil(at: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.now() >= at) {
        resolve();
        return;
      }
      const h = this.schedule(at, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, 'sleep');
      const onAbort = (): void => {
        h.cancel();
        reject(new Error('sleep aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * Move the clock forward by `ms`, firing timers on the way one at a time and waiting for the
   * workers to handle each before the next. Work nobody has picked up is waited for until it has
   * not changed for `idleWaitMs` (no worker running, say); work a worker is running (a workflow
   * task, an activity attempt) for up to `runningWaitMs`, so that jumping the clock does not
   * time out an activity in the middle of its execution.
   */
  advance(ms: number, idleWaitMs = 1000, runningWaitMs = 60_000): Promise<number> {
    const run = async (): Promise<number> => {
      const target = this.now() + Math.max(0, ms);
      for (;;) {
        if (this.stopped) break;
        await this.waitIdle(idleWaitMs, runningWaitMs);
        const next = this.timers.peek();
        if (!next || next.at > target) break;
        if (next.at > this.now()) this.offset += next.at - this.now();
        this.fireDue();
        // Let handlers triggered by the fired timers register their work.
        await new Promise((r) => setTimeout(r, 5));
      }
      if (target > this.now()) this.offset += target - this.now();
      this.fireDue();
      this.requestPump();
      return this.now();
    };
    const p = this.advancing.then(run, run);
    this.advancing = p.then(
      () => undefined,
      () => undefined,
    );
    return p;
  }

  private async waitIdle(idleWaitMs: number, runningWaitMs: number): Promise<void> {
    while (this.busy.size > 0 && !this.stopped) {
      let running = false;
      for (const b of this.busy.values()) if (b.running) running = true;
      const left = (running ? runningWaitMs : idleWaitMs) - (Date.now() - this.lastBusyChange);
      if (left <= 0) {
        this.log.debug('advancing the clock although work is outstanding', { outstanding: this.outstanding() });
        return;
      }
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.busyWatchers.delete(done);
          resolve();
        };
        const timer = setTimeout(done, left);
        this.busyWatchers.add(done);
      });
    }
  }

  stop(): void {
    this.stopped = true;
    for (const w of [...this.busyWatchers]) w();
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = undefined;
  }

  private requestPump(): void {
    if (this.pumpQueued || this.stopped) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private canSkip(): boolean {
    return this.timeSkipping && this.clientLocks === 0 && this.busy.size === 0;
  }

  private fireDue(): void {
    const now = this.now();
    for (;;) {
      const t = this.timers.peek();
      if (!t || t.at > now) break;
      this.timers.pop();
      try {
        t.fn();
      } catch (err) {
        this.log.error('timer callback failed', { label: t.label, error: err instanceof Error ? err.stack : String(err) });
      }
    }
  }

  private pump(): void {
    if (this.stopped) return;
    this.fireDue();
    const next = this.timers.peek();
    if (next && this.canSkip()) {
      const delta = next.at - this.now();
      if (delta > 0) {
        this.offset += delta;
        this.log.debug('time skipped', { byMs: delta, to: new Date(this.now()).toISOString(), for: next.label });
      }
      this.fireDue();
      // Fired timers usually schedule work (which holds the clock); re-check afterwards.
      this.requestPump();
      return;
    }
    this.armRealTimer(next?.at);
  }

  private armRealTimer(at: number | undefined): void {
    if (at === undefined) {
      if (this.realTimer) clearTimeout(this.realTimer);
      this.realTimer = undefined;
      this.realTimerAt = Infinity;
      return;
    }
    if (this.realTimer && this.realTimerAt === at) return;
    if (this.realTimer) clearTimeout(this.realTimer);
    const delay = Math.min(Math.max(0, at - this.now()), MAX_REAL_DELAY);
    this.realTimerAt = at;
    this.realTimer = setTimeout(() => {
      this.realTimer = undefined;
      this.realTimerAt = Infinity;
      this.pump();
    }, delay);
    this.realTimer.unref?.();
  }
}
