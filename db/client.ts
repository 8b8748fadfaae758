import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { isEmptyDirectory, type PgliteTemplate, pgliteTemplate, saveTemplate, seedFromTemplate } from './pglite-template.ts';
import * as schema from './schema/index.ts';

export { schema };

/** The drizzle database (or a transaction on it), whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/**
 * A query built once per database handle and prepared (drizzle's `.prepare()`), for the queries
 * every request runs (the token lookup, the reads of one record). Two gains: drizzle does not
 * rebuild the SQL text on each call, and the `postgres` driver keeps the statement parsed on each
 * connection, so a call is one round trip (bind + execute) where an unprepared query with
 * parameters is two (parse + describe, then bind + execute). Values go in as
 * `sql.placeholder(name)`. A transaction is a handle of its own: the query is built again for
 * it, and the driver still reuses the statement already parsed on the connection.
 */
export function preparedPerDb<Query>(build: (db: Db) => Query): (db: Db) => Query {
  const built = new WeakMap<Db, Query>();
  return (db) => {
    let query = built.get(db);
    if (query === undefined) built.set(db, (query = build(db)));
    return query;
  };
}

export interface Database {
  db: Db;
  /** `postgres` for a server, `pglite` for the embedded fallback. */
  driver: 'postgres' | 'pglite';
  /** Cheap round trip used by `/readyz`. */
  ping(): Promise<void>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/** Connections of the `postgres` driver's pool unless `openDatabase` is told otherwise. */
export const DEFAULT_POOL_MAX = 10;

/** Arbitrary constant key of the advisory lock that serialises migrations across replicas. */
const migrationLockKey = 7_263_112_026;

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Opens PostgreSQL at `url` with the `postgres` driver or, without a URL, an embedded PGlite
 * database stored in `pgliteDir` (`:memory:` keeps it in memory), so the service starts on a
 * machine with nothing installed.
 */
export async function openDatabase(options: {
  url?: string | undefined;
  pgliteDir?: string;
  /** Where PGlite data directory templates are kept; node_modules/.cache/echeance/pglite-template/ unless a test keeps its own. */
  pgliteTemplateRoot?: string;
  max?: number;
}): Promise<Database> {
  if (options.url) {
    const url = options.url;
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    const sql = postgres(url, { max: options.max ?? DEFAULT_POOL_MAX, onnotice: () => {} });
    const db = drizzle(sql, { schema });
    return {
      db: db as unknown as Db,
      driver: 'postgres',
      ping: async () => void (await sql`select 1`),
      // Several replicas may start at once: one migrates while the others wait on the lock.
      migrate: async () => {
        // A one-connection client, so the session-level lock and the migration share a session.
        const single = postgres(url, { max: 1, onnotice: () => {} });
        try {
          await single`select pg_advisory_lock(${migrationLockKey})`;
          await migrate(drizzle(single, { schema }), { migrationsFolder });
        } finally {
          await single.end({ timeout: 5 });
        }
      },
      close: () => sql.end({ timeout: 5 }),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const dir = options.pgliteDir ?? ':memory:';
  // An empty data directory starts as a copy of the template of these migrations when there is
  // one, instead of running PGlite's initdb; otherwise initdb creates it, and it is saved as the
  // template once migrated, before anything else is written to it.
  let templateToSave: PgliteTemplate | undefined;
  // An existing database (every restart) skips hashing the migrations altogether.
  if (dir !== ':memory:' && isEmptyDirectory(dir)) {
    mkdirSync(path.dirname(dir), { recursive: true });
    const template = pgliteTemplate(migrationsFolder, options.pgliteTemplateRoot);
    if (seedFromTemplate(template, dir) === 'no template') templateToSave = template;
  }
  const client = dir === ':memory:' ? new PGlite() : new PGlite(dir);
  const db = drizzle(client, { schema });
  return {
    db: db as unknown as Db,
    driver: 'pglite',
    ping: async () => void (await client.query('select 1')),
    migrate: async () => {
      await migrate(db, { migrationsFolder });
      const template = templateToSave;
      templateToSave = undefined;
      if (template) await saveTemplate(template, dir, () => client.query('checkpoint'));
    },
    close: () => client.close(),
  };
}

/** Where start-up says it is waiting, and how long between attempts. */
export interface WaitForDatabaseOptions {
  /** Called before each wait, so the log says what the process waits for. */
  onWaiting?: (info: { attempt: number; delayMs: number; error: string }) => void;
  /** First delay; doubles up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
}

/**
 * Waits until the database answers, retrying with exponential backoff (0.25 s doubling up to
 * 10 s, forever unless aborted), so a process started before PostgreSQL becomes ready once it
 * starts, without a supervisor restarting it. Migrations run only after this.
 */
export async function waitForDatabase(database: Pick<Database, 'ping'>, options: WaitForDatabaseOptions = {}): Promise<void> {
  let delayMs = options.initialDelayMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      await database.ping();
      return;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      options.onWaiting?.({ attempt, delayMs, error: error instanceof Error ? error.message : String(error) });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      delayMs = Math.min(delayMs * 2, options.maxDelayMs ?? 10_000);
    }
  }
}
