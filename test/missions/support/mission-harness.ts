/**
 * Everything a mission workflow test needs: a database, the project's time-skipping dev server,
 * the product's real worker, the HTTP app wired to both (with the dev clock), and an organisation
 * with the seed-004 VAT reminder service, a quarterly task service and a client.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { and, asc, eq } from 'drizzle-orm';
import type { ActivityDeps } from '../../../activities/index.ts';
import { testServiceClock } from '../../../adapters/temporal/dev-clock.ts';
import type { Database } from '../../../db/client.ts';
import { informationRequests, occurrences, tasks } from '../../../db/schema/index.ts';
import { businessDateOf } from '../../../domain/calendar/paris-time.ts';
import { seedQuarterlyTaskService, seedVatService } from '../../support/seed-catalogue.ts';
import { seedClient } from '../../support/seed-clients.ts';
import { seedOrganisation } from '../../support/seed.ts';
import { createTestWorker, createTimeSkippingEnvironment, quietTemporalLogs } from '../../support/temporal.ts';
import { apiClient, createTestApp, type ApiClient } from '../../support/test-app.ts';
import { createTestDatabase } from '../../support/test-database.ts';

export interface MissionHarness {
  database: Database;
  env: TestWorkflowEnvironment;
  taskQueue: string;
  /** The collaborator's API client. */
  api: ApiClient;
  /** The admin's API client. */
  admin: ApiClient;
  org: Awaited<ReturnType<typeof seedOrganisation>>;
  vatService: Awaited<ReturnType<typeof seedVatService>>;
  quarterlyService: Awaited<ReturnType<typeof seedQuarterlyTaskService>>;
  client: Awaited<ReturnType<typeof seedClient>>;
  /** Starts a (new) worker on the harness's task queue; the previous one must be stopped. */
  startWorker(overrides?: Partial<ActivityDeps>): Promise<void>;
  /** Stops the running worker (graceful shutdown) and waits until it has stopped. */
  stopWorker(): Promise<void>;
  /** The server's current time. */
  now(): Promise<Date>;
  /** Lets the server's time skip forward to `instant` (timers on the way fire, workers catch up). */
  skipTo(instant: string | Date): Promise<void>;
  /**
   * Stops the worker, then kills the Temporal server with SIGKILL (what `teardown` does). With
   * `temporalDbFilename`, `restartServer` then starts a new one on the same state.
   */
  killServer(): Promise<void>;
  /** A new server on the killed one's state, a new worker on the same task queue; `env` and the API clients follow it. */
  restartServer(): Promise<void>;
  close(): Promise<void>;
}

export async function startMissionHarness(
  options: { workerOverrides?: Partial<ActivityDeps>; startWorker?: boolean; database?: Database; startTime?: string; temporalDbFilename?: string } = {},
): Promise<MissionHarness> {
  quietTemporalLogs();
  const database = options.database ?? (await createTestDatabase());
  const serverOptions = { ...(options.startTime ? { startTime: options.startTime } : {}), ...(options.temporalDbFilename ? { dbFilename: options.temporalDbFilename } : {}) };
  let env = await createTimeSkippingEnvironment(serverOptions);
  let worker: Worker | null = null;
  let running: Promise<void> | null = null;
  const taskQueue = `test-${randomUUID()}`;

  const startWorker = async (overrides: Partial<ActivityDeps> = {}) => {
    ({ worker } = await createTestWorker(env, database, { ...options.workerOverrides, ...overrides }, { taskQueue }));
    running = worker.run().catch((error: unknown) => {
      console.error("worker stopped with an error", error);
    });
  };
  const stopWorker = async () => {
    if (worker && worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    worker = null;
    running = null;
  };
  if (options.startWorker !== false) await startWorker();

  const appOn = (e: TestWorkflowEnvironment) =>
    createTestApp(database, {
      temporal: { client: e.client, taskQueue, ping: async () => {} },
      devClock: testServiceClock(e.connection),
    });
  const app = appOn(env);
  const org = await seedOrganisation(database.db);
  const [vatService, quarterlyService, client] = await Promise.all([
    seedVatService(database.db, org),
    seedQuarterlyTaskService(database.db, org),
    seedClient(database.db, org),
  ]);
  const now = async () => new Date(await env.currentTimeMs());
  const harness: MissionHarness = {
    database,
    env,
    taskQueue,
    api: apiClient(app, org.collaboratorToken),
    admin: apiClient(app, org.adminToken),
    org,
    vatService,
    quarterlyService,
    client,
    startWorker,
    stopWorker,
    now,
    async skipTo(instant) {
      const target = new Date(instant).getTime();
      const current = (await now()).getTime();
      if (target > current) await env.sleep(target - current);
    },
    async killServer() {
      await stopWorker();
      await env.teardown();
    },
    async restartServer() {
      env = await createTimeSkippingEnvironment(serverOptions);
      const restarted = appOn(env);
      Object.assign(harness, { env, api: apiClient(restarted, org.collaboratorToken), admin: apiClient(restarted, org.adminToken) });
      await startWorker();
    },
    async close() {
      await stopWorker().catch(() => {});
      await env.teardown().catch(() => {});
      await database.close();
    },
  };
  return harness;
}

/** 00:00 (or `time`) in Paris on `date` as an instant, to skip the clock to a business day. */
export { parisInstant } from '../../../domain/calendar/paris-time.ts';

/** The information requests of a mission, with their occurrence's deadline, in deadline order. */
export async function informationRequestsOf(database: Database, missionId: string) {
  return database.db
    .select({ id: informationRequests.id, deadline: occurrences.deadline, dueDate: informationRequests.dueDate, createdAt: informationRequests.createdAt, contactId: informationRequests.contactId, title: informationRequests.title })
    .from(informationRequests)
    .innerJoin(occurrences, eq(occurrences.id, informationRequests.occurrenceId))
    .where(eq(informationRequests.missionId, missionId))
    .orderBy(asc(occurrences.deadline));
}

/** The tasks of a mission, with their occurrence's deadline, in deadline order. */
export async function tasksOf(database: Database, missionId: string) {
  return database.db
    .select({ id: tasks.id, deadline: occurrences.deadline, dueDate: tasks.dueDate, createdAt: tasks.createdAt, assigneeUserId: tasks.assigneeUserId, title: tasks.title })
    .from(tasks)
    .innerJoin(occurrences, eq(occurrences.id, tasks.occurrenceId))
    .where(eq(tasks.missionId, missionId))
    .orderBy(asc(occurrences.deadline));
}

/** The occurrences of one line, in deadline order. */
export async function occurrencesOfLine(database: Database, missionId: string, lineId: string) {
  return database.db
    .select()
    .from(occurrences)
    .where(and(eq(occurrences.missionId, missionId), eq(occurrences.missionLineId, lineId)))
    .orderBy(asc(occurrences.deadline));
}

/** The Paris date of an instant (what "created on" means for the business). */
export const parisDate = (instant: Date | string) => businessDateOf(instant);
