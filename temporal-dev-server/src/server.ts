/** Assembles the gRPC server: WorkflowService, OperatorService, TestService, Health. */
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { DurableState } from './persistence/durable-state.ts';
import { addService } from './grpc.ts';
import { Logger, parseLogLevel, type LogLevel } from './log.ts';
import { parseSaType, type SearchAttributeType } from './namespaces.ts';
import { operatorServiceHandlers } from './operator-service.ts';
import { createState, type ServerState } from './state.ts';
import { testServiceHandlers } from './test-service.ts';
import { workflowServiceHandlers } from './workflow-service.ts';
import { invalidArgument } from './errors.ts';

export interface StartOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Enable time skipping (the clock jumps to the next timer when nothing is outstanding). */
  timeSkipping?: boolean;
  /**
   * Start with time skipping locked, as the Java test server does (the SDK's time-skipping
   * environment unlocks it while awaiting results). Default: true when timeSkipping.
   */
  startLocked?: boolean;
  /** Where the server clock starts (a past date runs a scenario at literal dates); default: now. */
  startTime?: Date | number;
  /** Default namespace (always registered). Default: "default". */
  namespace?: string;
  /** Extra namespaces to register. */
  namespaces?: string[];
  /** Custom search attributes to register on every namespace: name → type ("Keyword", "Int", ...). */
  searchAttributes?: Record<string, SearchAttributeType | string>;
  /** silent, error, warn, info, debug, trace. Default: $TEMPORAL_DEV_SERVER_LOG_LEVEL, else silent. */
  logLevel?: LogLevel;
  /** How long an idle task-queue long poll blocks before answering empty (default 60 s). */
  pollTimeoutMs?: number;
  /**
   * Keep all state in this journal file (created if missing) and reload it on start: the CLI's
   * `--db-filename`. Without it (and without `dataDir`) everything stays in memory.
   */
  dbFilename?: string;
  /** Keep all state under this directory (in `temporal-dev-server.journal`), like `dbFilename`. */
  dataDir?: string;
}

/** The journal file a `dataDir` holds. */
export const JOURNAL_FILE_NAME = 'temporal-dev-server.journal';

export interface RunningServer {
  port: number;
  host: string;
  /** "host:port", for Connection.connect({ address }). */
  address: string;
  /** Stop serving (state is dropped, or kept on disk with `dbFilename`/`dataDir`). */
  stop(): Promise<void>;
  /**
   * Move the server clock forward by `ms`, firing timers on the way one at a time and letting the
   * workers handle each. Resolves with the new server time (ms since epoch).
   */
  advanceClock(ms: number): Promise<number>;
  /** Current server time (ms since epoch). */
  now(): number;
  /** Internal state, for tests and tools. */
  state: ServerState;
}

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const log = new Logger(opts.logLevel ?? parseLogLevel(process.env.TEMPORAL_DEV_SERVER_LOG_LEVEL) ?? 'silent');
  const timeSkipping = opts.timeSkipping ?? false;
  const journalFile = opts.dbFilename ?? (opts.dataDir ? path.join(opts.dataDir, JOURNAL_FILE_NAME) : undefined);
  const durable = journalFile ? DurableState.open(journalFile, log) : undefined;
  const state = createState({
    timeSkipping,
    startLocked: opts.startLocked ?? timeSkipping,
    // Stored state brings its clock back: it never goes backwards.
    startAt: durable?.clockStart() ?? (opts.startTime === undefined ? undefined : new Date(opts.startTime).getTime()),
    log,
    defaultNamespace: opts.namespace ?? 'default',
    pollTimeoutMs: opts.pollTimeoutMs,
  });
  durable?.attach(state);
  for (const n of opts.namespaces ?? []) state.namespaces.ensure(n);
  for (const [name, t] of Object.entries(opts.searchAttributes ?? {})) {
    const type = parseSaType(t);
    if (!type) throw invalidArgument(`Unknown search attribute type "${t}" for ${name}`);
    for (const n of state.namespaces.list()) state.namespaces.addSearchAttribute(n, name, type);
  }

  const server = new grpc.Server({
    'grpc.max_receive_message_length': 128 * 1024 * 1024,
    'grpc.max_send_message_length': 128 * 1024 * 1024,
    'grpc.keepalive_permit_without_calls': 1,
    // Channelz (grpc-js's per-call statistics for its debugging service) is not served here.
    'grpc.enable_channelz': 0,
  });
  const beforeAnswer = durable ? () => durable.sync() : undefined;
  addService(server, 'temporal.api.workflowservice.v1.WorkflowService', workflowServiceHandlers(state), log, beforeAnswer);
  addService(server, 'temporal.api.operatorservice.v1.OperatorService', operatorServiceHandlers(state), log, beforeAnswer);
  addService(server, 'temporal.api.testservice.v1.TestService', testServiceHandlers(state), log);
  addService(server, 'grpc.health.v1.Health', { Check: () => ({ status: 1 /* SERVING */ }) }, log);

  const host = opts.host ?? '127.0.0.1';
  const port = await new Promise<number>((resolve, reject) => {
    const bindHost = host.includes(':') ? `[${host}]` : host;
    server.bindAsync(`${bindHost}:${opts.port ?? 0}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
  log.info('temporal-dev-server listening', { host, port, timeSkipping, namespace: state.defaultNamespace });

  let stopped = false;
  return {
    port,
    host,
    address: `${host.includes(':') ? `[${host}]` : host}:${port}`,
    state,
    now: () => state.clock.now(),
    advanceClock: (ms: number) => state.clock.advance(ms),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      state.clock.stop();
      state.matching.stop();
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000);
        server.tryShutdown(() => {
          clearTimeout(t);
          resolve();
        });
      });
      await durable?.close();
    },
  };
}
