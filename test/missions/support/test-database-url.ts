import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../../db/client.ts';
import { urlWithDatabase } from '../../support/global-setup.ts';

/**
 * Like createTestDatabase, but also gives the URL, so another process (a worker a test kills)
 * can use the same database. Null when the run has no PostgreSQL (PGlite lives in this process).
 */
export async function createTestDatabaseWithUrl(): Promise<{ database: Database; url: string } | null> {
  const info = inject('database');
  if (info.kind === 'pglite') return null;
  const name = `echeance_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(info.adminUrl, { max: 1, onnotice: () => {} });
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${info.template}"`);
      break;
    } catch (error) {
      if (attempt >= 10 || !/being accessed by other users/.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
  const url = urlWithDatabase(info.adminUrl, name);
  const database = await openDatabase({ url, max: 5 });
  return {
    url,
    database: {
      ...database,
      close: async () => {
        await database.close();
        await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end({ timeout: 5 });
      },
    },
  };
}
