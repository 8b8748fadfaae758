/**
 * Task queues and long polls. A queue holds tasks (closures that try to start themselves and
 * yield a poll response, or null when they went stale) and waiting pollers. Polls are answered
 * empty after `pollTimeoutMs` (60 s by default), or when the caller goes away.
 */
import type { Logger } from './log.ts';

export type QueueType = 'workflow' | 'activity';

export interface Task<R> {
  /** Start the task for the given poller identity; null if it is no longer valid. */
  dispatch(identity: string): R | null;
  /** Short description for logs. */
  label: string;
}

interface Poller<R> {
  identity: string;
  /** The polling worker's instance key (its identity when it sends none). */
  workerKey: string;
  resolve(task: R | null): void;
  done: boolean;
}

export interface PollerInfo {
  identity: string;
  lastAccessTime: number;
}

class TaskQueue<R> {
  readonly tasks: Task<R>[] = [];
  readonly pollers: Poller<R>[] = [];
  readonly recentPollers = new Map<string, number>();
  constructor(
    readonly namespace: string,
    readonly type: QueueType,
    readonly name: string,
  ) {}
}

export class Matching {
  private readonly queues = new Map<string, TaskQueue<unknown>>();
  private stopped = false;

  constructor(
    private readonly log: Logger,
    private readonly pollTimeoutMs = 60_000,
  ) {}

  private queue<R>(namespace: string, type: QueueType, name: string): TaskQueue<R> {
    const key = `${namespace}\u0000${type}\u0000${name}`;
    let q = this.queues.get(key);
    if (!q) {
      q = new TaskQueue(namespace, type, name);
      this.queues.set(key, q);
    }
    return q as TaskQueue<R>;
  }

  /** Add a task; handed at once to a waiting poller if there is one. */
  add<R>(namespace: string, type: QueueType, name: string, task: Task<R>): void {
    const q = this.queue<R>(namespace, type, name);
    q.tasks.push(task);
    this.log.trace('task added', { namespace, type, queue: name, task: task.label });
    this.drain(q);
  }

  /** Remove a queued task that has not been handed out (e.g. a sticky task moving queues). */
  remove<R>(namespace: string, type: QueueType, name: string, task: Task<R>): boolean {
    const q = this.queue<R>(namespace, type, name);
    const i = q.tasks.indexOf(task);
    if (i < 0) return false;
    q.tasks.splice(i, 1);
    return true;
  }

  private drain<R>(q: TaskQueue<R>): void {
    while (q.pollers.length > 0 && q.tasks.length > 0) {
      const poller = q.pollers[0]!;
      if (poller.done) {
        q.pollers.shift();
        continue;
      }
      const task = q.tasks.shift()!;
      const res = task.dispatch(poller.identity);
      if (res === null) continue;
      q.pollers.shift();
      poller.done = true;
      poller.resolve(res);
    }
  }

  /** Long poll: resolves with a started task, or null after the timeout / on abort. */
  poll<R>(namespace: string, type: QueueType, name: string, identity: string, signal: AbortSignal, deadline?: number, workerKey = identity): Promise<R | null> {
    const q = this.queue<R>(namespace, type, name);
    q.recentPollers.set(identity, Date.now());
    while (q.tasks.length > 0) {
      const task = q.tasks.shift()!;
      const res = task.dispatch(identity);
      if (res !== null) return Promise.resolve(res);
    }
    if (this.stopped || signal.aborted) return Promise.resolve(null);
    return new Promise<R | null>((resolve) => {
      let timeoutMs = this.pollTimeoutMs;
      // Answer a little before the caller's own deadline so it gets an empty response, not an error.
      if (deadline !== undefined) timeoutMs = Math.min(timeoutMs, Math.max(0, deadline - Date.now() - 1000));
      const poller: Poller<R> = {
        identity,
        workerKey,
        done: false,
        resolve: (task) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          resolve(task);
        },
      };
      const finishEmpty = (): void => {
        if (poller.done) return;
        poller.done = true;
        const i = q.pollers.indexOf(poller);
        if (i >= 0) q.pollers.splice(i, 1);
        poller.resolve(null);
      };
      const onAbort = (): void => finishEmpty();
      const timer = setTimeout(finishEmpty, timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      q.pollers.push(poller);
      this.pollersChanged.add(finishEmpty);
      const origResolve = poller.resolve;
      poller.resolve = (t) => {
        this.pollersChanged.delete(finishEmpty);
        origResolve(t);
      };
    });
  }

  private readonly pollersChanged = new Set<() => void>();

  /** Answer every waiting poll of a queue empty (worker shutdown). */
  releasePollers(namespace: string, type: QueueType, name: string, workerKey?: string): void {
    const q = this.queue<unknown>(namespace, type, name);
    for (const p of [...q.pollers]) {
      if (workerKey && p.workerKey !== workerKey) continue;
      p.done = true;
      q.pollers.splice(q.pollers.indexOf(p), 1);
      p.resolve(null);
    }
  }

  pollers(namespace: string, type: QueueType, name: string): PollerInfo[] {
    const q = this.queue<unknown>(namespace, type, name);
    const out: PollerInfo[] = [];
    for (const [identity, at] of q.recentPollers) {
      if (Date.now() - at < 5 * 60_000) out.push({ identity, lastAccessTime: at });
    }
    return out;
  }

  backlog(namespace: string, type: QueueType, name: string): number {
    return this.queue<unknown>(namespace, type, name).tasks.length;
  }

  stop(): void {
    this.stopped = true;
    for (const f of [...this.pollersChanged]) f();
  }
}
