import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import { urlWithDatabase } from './global-setup.ts';

/**
 * A fresh, migrated database for one test file: a clone of the run's template on PostgreSQL,
 * or an in-memory PGlite when no server is reachable. `close()` drops the clone.
 */
export async function createTestDatabase(): Promise<Database & { url?: string }> {
  const info = inject('database');
  if (info.kind === 'pglite') {
    const database = await openDatabase({});
    await database.migrate();
    return database;
  }
  const name = `echeance_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(info.adminUrl, { max: 1, onnotice: () => {} });
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${info.template}"`);
      break;
    } catch (error) {
      // Two clones started at the same instant can see each other on the template; retry.
      if (attempt >= 10 || !/being accessed by other users/.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
  const url = urlWithDatabase(info.adminUrl, name);
  const database = await openDatabase({ url, max: 5 });
  return {
    ...database,
    /** The clone's URL, for a process of the test's own (PGlite databases have none). */
    url,
    close: async () => {
      await database.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end({ timeout: 5 });
    },
  };
}
