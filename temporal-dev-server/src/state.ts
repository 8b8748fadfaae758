/** Everything a running server holds in memory. */
import { Clock } from './clock.ts';
import type { Env } from './execution.ts';
import type { Logger } from './log.ts';
import { Matching } from './matching.ts';
import { Namespaces } from './namespaces.ts';
import { Schedules } from './schedules.ts';
import { Store } from './store.ts';

export interface ServerState {
  clock: Clock;
  matching: Matching;
  namespaces: Namespaces;
  store: Store;
  schedules: Schedules;
  log: Logger;
  env: Env;
  defaultNamespace: string;
}

export function createState(opts: { timeSkipping: boolean; startLocked: boolean; startAt?: number | undefined; log: Logger; defaultNamespace: string; pollTimeoutMs?: number }): ServerState {
  const clock = new Clock({ timeSkipping: opts.timeSkipping, startLocked: opts.startLocked, startAt: opts.startAt, log: opts.log });
  const matching = new Matching(opts.log, opts.pollTimeoutMs);
  const namespaces = new Namespaces();
  const store = new Store();
  let taskId = 0;
  const env: Env = {
    clock,
    matching,
    namespaces,
    log: opts.log,
    store,
    nextTaskId: () => ++taskId,
    seenTaskId: (id) => {
      if (id > taskId) taskId = id;
    },
  };
  store.env = env;
  const schedules = new Schedules(env);
  store.onWorkflowClosed = (exec) => schedules.onWorkflowClosed(exec.namespace.name, exec.workflowId);
  namespaces.ensure(opts.defaultNamespace);
  return { clock, matching, namespaces, store, schedules, log: opts.log, env, defaultNamespace: opts.defaultNamespace };
}
