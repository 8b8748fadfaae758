/**
 * The run command (`npm start`): parse the environment, migrate the database, connect to
 * Temporal (or start the embedded dev server when TEMPORAL_ADDRESS is unset), then run the API
 * and a worker in one process until SIGTERM/SIGINT, which drains the worker and closes everything.
 */
// First: adds `.openapi()` to every zod schema created afterwards (domain schemas included).
import '@hono/zod-openapi';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type LogLevel } from '@temporalio/worker';
import { pino } from 'pino';
import { createEmailSender } from './adapters/email/create-email-sender.ts';
import { DatabaseOutboxStore } from './adapters/email/database-outbox-store.ts';
import { createPdfRenderer } from './adapters/pdf/pdf-renderer.ts';
import { LocalDocumentStorage } from './adapters/storage/local-document-storage.ts';
import { embeddedServerClock } from './adapters/temporal/dev-clock.ts';
import { reconcileMissions } from './adapters/temporal/reconcile-missions.ts';
import { completeUntoldSignatures } from './domain/signature/complete-untold-signatures.ts';
import { createApp } from './api/app.ts';
import { createSignatureDeps } from './adapters/esign/create-signature-deps.ts';
import type { AppDeps } from './api/context.ts';
import { loadConfig } from './config.ts';
import { openDatabase, waitForDatabase } from './db/client.ts';
import { organisations } from './db/schema/index.ts';
import { bootstrapOrganisation } from './domain/organisations/bootstrap-organisation.ts';
import { searchAttributes, temporalSettings } from './temporal.config.ts';
import type { RunningServer } from './temporal-dev-server/src/index.ts';
import { createWorker } from './worker.ts';
import { workflowBundle } from './workflow-bundle.ts';

const config = loadConfig();
// Asynchronous writes: lines logged while a write is in flight go out together in the next one
// (one log line per request was a write(2) per request); flushed on exit.
const logger = pino({ level: config.LOG_LEVEL }, pino.destination({ dest: 1, sync: false }));
const settings = temporalSettings(config);
const closers: Array<[string, () => Promise<unknown>]> = [];

// The SDK's own logs (worker, core) go through pino too, so every line is structured JSON.
const sdkLevels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };
Runtime.install({
  // This process owns SIGTERM/SIGINT (shutdown() below drains the worker once); the SDK's own
  // handlers would shut the worker down a second time ("Not running. Current state: DRAINING").
  shutdownSignals: [],
  logger: new DefaultLogger('INFO', (entry) => logger[sdkLevels[entry.level]]({ ...entry.meta, component: 'temporal-sdk' }, entry.message)),
});

async function main(): Promise<void> {
  // Until the database answers and is migrated, the API port already answers: /healthz 200 and
  // /readyz 503 saying what start-up waits for; the real application replaces it once ready.
  let serving: ((request: Request, env: unknown) => Response | Promise<Response>) | undefined;
  const waiting = { database: 'database' as 'database' | 'migrations' | undefined, temporal: true };
  if (config.RUN_API) {
    const starting = (request: Request) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/healthz') return Response.json({ status: 'ok' });
      const waitingFor = waiting.database ?? (waiting.temporal ? 'temporal' : 'worker');
      return Response.json({ status: 'starting', waitingFor }, { status: 503, headers: { 'Retry-After': '5' } });
    };
    const early = serve({ fetch: (request: Request, env: unknown) => (serving ?? starting)(request, env), port: config.PORT, hostname: config.HOST });
    closers.unshift(['http server', () => new Promise((resolve) => early.close(resolve))]);
  }
  // The workflow bundle is checked (and rebuilt if a workflow changed) while the database and
  // Temporal start: all three are independent, so start-up waits for the slowest, not the sum.
  if (config.RUN_WORKER) void workflowBundle({ onBuild: (reason) => logger.info({ reason }, 'building the workflow bundle') }).catch(() => {});
  const [database, temporal] = await Promise.all([
    prepareDatabase().finally(() => (waiting.database = undefined)),
    connectTemporal().finally(() => (waiting.temporal = false)),
  ]);
  const { connection, connectionOptions, devClock } = temporal;
  const client = new Client({ connection, namespace: settings.namespace });

  const emailSender = createEmailSender({
    resendApiKey: config.RESEND_API_KEY,
    resendBaseUrl: config.RESEND_BASE_URL,
    outboxStore: new DatabaseOutboxStore(database.db),
    outboxDirectory: path.join(config.DATA_DIR, 'outbox'),
  });

  // Launched lazily on the first render; Gotenberg instead when GOTENBERG_URL is set.
  const pdfRenderer = createPdfRenderer({ gotenbergUrl: config.GOTENBERG_URL, chromiumPath: config.CHROMIUM_PATH });
  closers.push(['pdf renderer', () => pdfRenderer.close()]);
  const documentStorage = new LocalDocumentStorage({ root: path.join(config.DATA_DIR, 'documents') });

  // The signature module: the API's letter and signing routes, and the worker's letter activities.
  const [signature, nativeConnection] = await Promise.all([
    createSignatureDeps({ config, db: database.db, logger, storage: documentStorage, renderer: pdfRenderer, emailSender, temporal: { client } }),
    config.RUN_WORKER ? NativeConnection.connect(connectionOptions) : undefined,
  ]);

  if (nativeConnection) {
    const worker = await createWorker(nativeConnection, settings, { config, db: database.db, logger, emailSender, signature });
    const running = worker.run();
    closers.unshift([
      'worker',
      async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
        await nativeConnection.close();
      },
    ]);
    const { maxCachedWorkflows } = settings.worker;
    if (maxCachedWorkflows < config.TEMPORAL_WORKER_CACHED_WORKFLOWS) {
      logger.warn({ asked: config.TEMPORAL_WORKER_CACHED_WORKFLOWS, maxCachedWorkflows }, 'TEMPORAL_WORKER_CACHED_WORKFLOWS is more than the heap limit holds: capped (raise --max-old-space-size to cache more)');
    }
    logger.info({ taskQueue: settings.taskQueue, maxCachedWorkflows }, 'worker running');
    // Signed requests whose completion failed (the subject never heard) are completed.
    if (signature) void completeUntoldSignatures(signature, logger).catch((error: unknown) => logger.error({ err: error }, 'reconciliation of signed requests failed'));
    // Open missions whose workflow is gone (lost state, terminated by an operator) get it back.
    void reconcileMissions({ db: database.db, client, taskQueue: settings.taskQueue, overdueAfterDays: config.MISSION_OVERDUE_AFTER_DAYS, logger }).catch(
      (error: unknown) => logger.error({ err: error }, 'reconciliation of mission workflows failed'),
    );
  }

  if (config.RUN_API) {
    const app = createApp({
      config,
      database,
      logger,
      temporal: { client, taskQueue: settings.taskQueue, ping: async () => void (await connection.workflowService.getSystemInfo({})) },
      devClock,
      emailSender,
      pdfRenderer,
      documentStorage,
      signature,
    });
    serving = (request, env) => app.fetch(request, env as never);
    logger.info({ url: `http://${config.HOST}:${config.PORT}`, docs: `http://${config.HOST}:${config.PORT}/api/docs` }, 'API listening');
  }

  /** Opens the database, waits for it to answer, migrates it; on an empty development database, creates the demo organisation. */
  async function prepareDatabase() {
    const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: path.join(config.DATA_DIR, 'pglite') });
    closers.unshift(['database', () => database.close()]);
    await waitForDatabase(database, {
      onWaiting: ({ attempt, delayMs, error }) => logger.warn({ attempt, retryInMs: delayMs, error }, 'waiting for PostgreSQL (DATABASE_URL) to accept connections'),
    });
    waiting.database = 'migrations';
    await database.migrate();
    logger.info({ driver: database.driver }, 'database migrated');
    if (config.NODE_ENV !== 'production' && (await database.db.select({ id: organisations.id }).from(organisations).limit(1)).length === 0) {
      // First start on an empty development database: create a demo organisation so the quick
      // start works without a separate bootstrap step (production uses `npm run bootstrap`).
      const demo = await bootstrapOrganisation(database.db, {
        organisationName: 'Cabinet Démo',
        firmName: 'Cabinet Démo Expertise',
        admin: { email: 'admin@cabinet-demo.fr', firstName: 'Camille', lastName: 'Martin' },
      });
      logger.warn({ organisationId: demo.organisation.id, token: demo.token }, 'empty database: created the demo organisation; use this admin token (shown once)');
    }
    return database;
  }

  /** Connects to TEMPORAL_ADDRESS, or starts the embedded dev server (and its UI) and connects to it. */
  async function connectTemporal() {
    let address = settings.address;
    let devClock: AppDeps['devClock'];
    if (!address) {
      const { start } = await import('./temporal-dev-server/src/index.ts');
      // Real time by default; the dev clock endpoint jumps it forward on demand for demonstrations.
      // Its state (every workflow, timer and history) is kept under DATA_DIR across restarts.
      const server = await start({
        port: settings.devServer.port,
        namespace: settings.namespace,
        searchAttributes,
        timeSkipping: false,
        dataDir: path.join(config.DATA_DIR, 'temporal'),
      }).catch((error: unknown) => {
        throw embeddedServerStartError(error, settings.devServer.port);
      });
      closers.unshift(['temporal dev server', () => server.stop()]);
      address = server.address;
      if (settings.devServer.timeSkipping) {
        devClock = embeddedServerClock(server);
      }
      logger.info({ address }, 'embedded Temporal dev server started (TEMPORAL_ADDRESS unset)');
      if (config.TEMPORAL_UI_PORT !== 'off') await startTemporalUi(server, config.TEMPORAL_UI_PORT, config.TEMPORAL_UI_HOST);
    }
    const tls = settings.tls || Boolean(settings.apiKey);
    const connectionOptions = { address, tls, ...(settings.apiKey ? { apiKey: settings.apiKey } : {}) };
    const connection = await Connection.connect(connectionOptions);
    closers.unshift(['temporal client', () => connection.close()]);
    return { connection, connectionOptions, devClock };
  }
}

/** The Temporal UI on the embedded server; a busy port is a warning, the first start builds it once. */
async function startTemporalUi(server: RunningServer, port: number, host: string): Promise<void> {
  const { startUi } = await import('./temporal-dev-server/src/index.ts');
  try {
    const ui = await startUi(server, { port, host, progress: (line) => logger.info({ component: 'temporal-ui' }, line) });
    closers.unshift(['temporal ui', () => ui.close()]);
    ui.ready.then(
      () => logger.info({ url: ui.url }, 'Temporal UI listening'),
      (error: unknown) => logger.error({ err: error }, 'the Temporal UI could not be built'),
    );
  } catch (error) {
    logger.warn({ err: error, port }, 'Temporal UI not started');
  }
}

/** The embedded server could not start: say which setting to change (a second `npm start`, most often). */
function embeddedServerStartError(error: unknown, port: number): Error {
  const message = error instanceof Error ? error.message : String(error);
  const inUse = message.includes('EADDRINUSE');
  return new Error(
    `${inUse ? `Port ${port} is already in use` : `The embedded Temporal dev server could not start on port ${port}`}: ` +
      'set TEMPORAL_DEV_SERVER_PORT to a free port (0 picks one), or TEMPORAL_ADDRESS to a running Temporal server' +
      ` (${message})`,
    { cause: error },
  );
}

let stopping = false;
async function shutdown(signal: string, exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  for (const [name, close] of closers) {
    await close().catch((error: unknown) => logger.error({ err: error, name }, 'error while closing'));
  }
  process.exit(exitCode);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));

main().catch(async (error: unknown) => {
  logger.fatal({ err: error }, 'failed to start');
  await shutdown('startup failure', 1);
});
