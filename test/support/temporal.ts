import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { pino } from 'pino';
import type { ActivityDeps } from '../../activities/index.ts';
import { DatabaseOutboxStore } from '../../adapters/email/database-outbox-store.ts';
import { OutboxEmailSender } from '../../adapters/email/outbox-email-sender.ts';
import { parseConfig } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { temporalSettings, searchAttributes } from '../../temporal.config.ts';
import { createWorker } from '../../worker.ts';

/**
 * Keeps the SDK's INFO logs (bundle built, worker state…) out of the test output: only errors
 * print. The Runtime is per process and installed once, before the first worker or connection;
 * every helper below calls this, so a test file using them is quiet without doing anything.
 */
export function quietTemporalLogs(): void {
  try {
    // The native core's own warnings (e.g. the failing workflow task of an expected
    // non-determinism) go through the same logger instead of straight to stderr.
    Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
  } catch {
    // Already installed in this process: keep it.
  }
}

/** The project's own Temporal-compatible server executable (temporal-dev-server/). */
export const devServerExecutable = fileURLToPath(new URL('../../temporal-dev-server/bin/temporal-dev-server.mjs', import.meta.url));

/**
 * The SDK gives an ephemeral server 5 seconds to answer (not configurable); on a loaded machine
 * the dev server's process can take longer to start. Such a start is tried again, twice.
 */
async function startingAgainIfSlow<T>(start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (attempt === 3 || !/did not start within/.test(String((error as Error)?.message))) throw error;
    }
  }
}

/**
 * A time-skipping Temporal environment on the project's dev server, launched the way the SDK
 * launches the Java test server, with the product's search attributes registered. `startTime`
 * (RFC 3339) sets where the server clock starts; `dbFilename` keeps the server's state on disk.
 */
export async function createTimeSkippingEnvironment(options: { startTime?: string; dbFilename?: string } = {}): Promise<TestWorkflowEnvironment> {
  quietTemporalLogs();
  const extraArgs = [
    // A start in the past runs a scenario at its literal dates; the clock then only moves forward.
    ...(options.startTime ? ['--start-time', options.startTime] : []),
    // State kept in this journal file: a server started again on it (after `teardown`, a SIGKILL)
    // carries on with every workflow, its clock included.
    ...(options.dbFilename ? ['--db-filename', options.dbFilename] : []),
  ];
  const env = await startingAgainIfSlow(() =>
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: devServerExecutable }, extraArgs },
    }),
  );
  await env.connection.operatorService
    .addSearchAttributes({
      namespace: env.namespace ?? 'default',
      searchAttributes: Object.fromEntries(Object.entries(searchAttributes).map(([name]) => [name, 2 /* INDEXED_VALUE_TYPE_KEYWORD */])),
    })
    .catch(() => {
      // Already registered: fine.
    });
  return env;
}

/**
 * The product's real worker (all workflows and activities) over a test database, on a task
 * queue of its own so test files never steal each other's tasks.
 */
export async function createTestWorker(
  env: TestWorkflowEnvironment,
  database: Database,
  overrides: Partial<ActivityDeps> = {},
  options: { taskQueue?: string } = {},
): Promise<{ worker: Worker; taskQueue: string }> {
  quietTemporalLogs();
  const config = parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  // A restarted worker (crash tests) passes the task queue of the one it replaces.
  const taskQueue = options.taskQueue ?? `test-${randomUUID()}`;
  const settings = temporalSettings(config);
  const worker = await createWorker(env.nativeConnection, { ...settings, namespace: env.namespace ?? 'default' }, {
    config,
    db: database.db,
    logger: pino({ level: 'silent' }),
    // The real outbox: emails land in `outbox_emails` (assert there) and as .eml files.
    emailSender: new OutboxEmailSender({ store: new DatabaseOutboxStore(database.db), directory: mkdtempSync(path.join(tmpdir(), 'echeance-outbox-')) }),
    ...overrides,
  }, { taskQueue });
  return { worker, taskQueue };
}
