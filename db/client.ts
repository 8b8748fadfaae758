import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema/index.ts';

export { schema };

/** The drizzle database (or a transaction on it), whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  /** `postgres` for a server, `pglite` for the embedded fallback. */
  driver: 'postgres' | 'pglite';
  /** Cheap round trip used by `/readyz`. */
  ping(): Promise<void>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/** Arbitrary constant key of the advisory lock that serialises migrations across replicas. */
const migrationLockKey = 7_263_112_026;

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Opens PostgreSQL at `url` with the `postgres` driver or, without a URL, an embedded PGlite
 * database stored in `pgliteDir` (`:memory:` keeps it in memory), so the service starts on a
 * machine with nothing installed.
 */
export async function openDatabase(options: { url?: string | undefined; pgliteDir?: string; max?: number }): Promise<Database> {
  if (options.url) {
    const url = options.url;
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    const sql = postgres(url, { max: options.max ?? 10, onnotice: () => {} });
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
  if (dir !== ':memory:') mkdirSync(path.dirname(dir), { recursive: true });
  const client = dir === ':memory:' ? new PGlite() : new PGlite(dir);
  const db = drizzle(client, { schema });
  return {
    db: db as unknown as Db,
    driver: 'pglite',
    ping: async () => void (await client.query('select 1')),
    migrate: () => migrate(db, { migrationsFolder }),
    close: () => client.close(),
  };
}
