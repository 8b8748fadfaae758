import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, type AppErrorCode, type AppErrorDetails } from '../errors.ts';
import type { TemplateProblem } from '../templates/template-problems.ts';
import type { TemplateKind } from '../templates/template-kinds.ts';
import type { TemplatePreviewDocument, TemplatePreviewInput } from './preview-firm-template.ts';

/**
 * Firm-edited templates are rendered off the API's event loop, in a small pool of worker threads,
 * each job under a CPU-time limit: validating a text (on save, and a draft on preview) and
 * rendering a preview. A job whose thread has used more CPU time than the limit is killed (the
 * thread is terminated and replaced) and refused with a 400 naming the `body` field.
 *
 * CPU time, not wall-clock time: it is the thread's own time on a core, read from Linux's
 * `/proc/self/task/<tid>/schedstat`, so a template costs the same whether the machine is idle or
 * loaded, and a text refused on save is refused on preview. (Where `/proc` is not available the
 * watchdog falls back to wall-clock time.) liquidjs's deterministic limits (memory, templates
 * rendered) still apply inside the job; its wall-clock limit is only a far backstop.
 */
export const TEMPLATE_POOL_LIMITS = {
  /** CPU milliseconds one job may use. The default texts need a few; a runaway loop is stopped here. */
  cpuTimeLimitMs: 500,
  /** How often the watchdog reads the busy threads' CPU time. */
  watchIntervalMs: 20,
  /** Jobs waiting for a thread beyond which the pool answers 503 (previews are also rate-limited per user). */
  maxQueue: 64,
  /** V8 old-generation heap of each thread, in MB. */
  maxHeapMb: 256,
} as const;

export type TemplateJob = { task: 'validate'; kind: TemplateKind; body: string } | { task: 'preview'; input: TemplatePreviewInput };
type JobResult<J extends TemplateJob> = J extends { task: 'validate' } ? readonly TemplateProblem[] : TemplatePreviewDocument;

/** What a worker thread posts back. */
export type WorkerMessage =
  | { type: 'ready'; tid: number | null }
  | { type: 'done'; value: unknown }
  | { type: 'refused'; code: AppErrorCode; message: string; details: AppErrorDetails }
  | { type: 'failed'; message: string };

interface Pending {
  job: TemplateJob;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  /** The Linux thread id once the thread is ready (null without /proc); undefined while it starts. */
  tid: number | null | undefined;
  ready: boolean;
  current?: { pending: Pending; cpuAtStart: number };
}

/**
 * The worker is TypeScript like the rest of the service, compiled by tsx as main.ts is. On Node 20
 * `--import tsx` does not reach worker threads, so the thread registers tsx's ESM hooks itself
 * (tsx's `esm/api` entry, by path: the bootstrap is evaluated code, it cannot resolve a bare name)
 * before importing the worker module.
 */
const WORKER_BOOTSTRAP = (() => {
  const tsxApi = new URL('./dist/esm/api/index.mjs', pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json'))).href;
  const entry = new URL('./template-render-worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
})();

function kindOf(job: TemplateJob): TemplateKind {
  return job.task === 'validate' ? job.kind : job.input.kind;
}

/** The 400 of a job stopped by a limit, naming the template's `body` field. */
function limitRefusal(job: TemplateJob, what: string): AppError {
  const message = `Le modèle dépasse ${what} : simplifiez ses boucles ou ses filtres.`;
  const problem: TemplateProblem = { code: 'limit_exceeded', message };
  return new AppError('invalid_input', `Le modèle ${kindOf(job)} ne peut pas être rendu : ${message}`, {
    reason: 'template_limit_exceeded',
    kind: kindOf(job),
    problems: [problem],
    fields: [{ field: 'body', location: 'body', message }],
  });
}

/** CPU milliseconds a thread has used (first field of schedstat, in ns), or wall-clock time without /proc. */
export function threadCpuTimeMs(tid: number | null | undefined): number {
  if (tid === null || tid === undefined) return performance.now();
  try {
    return Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return performance.now();
  }
}

export class TemplateRenderPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private watchdog: NodeJS.Timeout | undefined;

  constructor(private readonly threads: number) {}

  /** Runs a job on the next free thread; rejects with the job's AppError, or a 400 when it hits a limit. */
  run<J extends TemplateJob>(job: J): Promise<JobResult<J>> {
    while (this.slots.length < this.threads) this.slots.push(this.spawn());
    if (this.queue.length >= TEMPLATE_POOL_LIMITS.maxQueue) {
      return Promise.reject(new AppError('unavailable', 'Trop de rendus de modèles en attente ; réessayez dans quelques secondes', { reason: 'template_pool_busy' }));
    }
    return new Promise<JobResult<J>>((resolve, reject) => {
      this.queue.push({ job, resolve: resolve as (value: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Stops every thread; waiting and running jobs are refused. */
  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    for (const pending of this.queue.splice(0)) pending.reject(new Error('template pool closed'));
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_BOOTSTRAP, {
      eval: true,
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: TEMPLATE_POOL_LIMITS.maxHeapMb },
    });
    // An idle pool never keeps the process alive.
    worker.unref();
    const slot: Slot = { worker, tid: undefined, ready: false };
    worker.on('message', (message: WorkerMessage) => this.onMessage(slot, message));
    worker.on('error', (error: Error & { code?: string }) => {
      const pending = this.release(slot);
      if (!pending) return;
      pending.reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? limitRefusal(pending.job, 'la mémoire autorisée') : error);
    });
    worker.on('exit', () => this.replace(slot));
    return slot;
  }

  private onMessage(slot: Slot, message: WorkerMessage): void {
    if (message.type === 'ready') {
      slot.tid = message.tid;
      slot.ready = true;
      this.dispatch();
      return;
    }
    const pending = this.release(slot);
    if (!pending) return;
    if (message.type === 'done') pending.resolve(message.value);
    else if (message.type === 'refused') pending.reject(new AppError(message.code, message.message, message.details));
    else pending.reject(new Error(`template pool worker failed: ${message.message}`));
    this.dispatch();
  }

  /** Frees a slot and returns the job it was running. */
  private release(slot: Slot): Pending | undefined {
    const pending = slot.current?.pending;
    delete slot.current;
    return pending;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) break;
      if (!slot.ready || slot.current) continue;
      const pending = this.queue.shift()!;
      slot.current = { pending, cpuAtStart: threadCpuTimeMs(slot.tid) };
      slot.worker.postMessage(pending.job);
    }
    this.watch();
  }

  /** Polls busy threads' CPU time while any job runs; kills a thread over the limit. */
  private watch(): void {
    const busy = this.slots.some((slot) => slot.current);
    if (!busy) {
      clearInterval(this.watchdog);
      this.watchdog = undefined;
      return;
    }
    this.watchdog ??= setInterval(() => {
      for (const slot of this.slots) {
        if (!slot.current || threadCpuTimeMs(slot.tid) - slot.current.cpuAtStart <= TEMPLATE_POOL_LIMITS.cpuTimeLimitMs) continue;
        const pending = this.release(slot)!;
        // The thread takes no more jobs; its replacement does once it is ready (`replace`).
        slot.ready = false;
        pending.reject(limitRefusal(pending.job, `le temps de calcul autorisé (${TEMPLATE_POOL_LIMITS.cpuTimeLimitMs} ms)`));
        void slot.worker.terminate();
      }
      this.watch();
    }, TEMPLATE_POOL_LIMITS.watchIntervalMs).unref();
  }

  /**
   * A thread that exited (killed, or crashed) is replaced; a job it was running fails. One that
   * exited before it was ever ready cannot start: the waiting jobs fail, and the next job tries a
   * new thread (no respawn loop).
   */
  private replace(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    this.release(slot)?.reject(new Error('template pool worker exited'));
    if (slot.tid === undefined) {
      this.slots.splice(index, 1);
      for (const pending of this.queue.splice(0)) pending.reject(new Error('template pool worker could not start'));
      return;
    }
    this.slots[index] = this.spawn();
    this.dispatch();
  }
}

let shared: TemplateRenderPool | undefined;

/**
 * The process's pool, started on first use: one thread per core but one (two at most), so
 * rendering never takes every core from the event loop.
 */
export function templateRenderPool(): TemplateRenderPool {
  return (shared ??= new TemplateRenderPool(Math.max(1, Math.min(2, availableParallelism() - 1))));
}
