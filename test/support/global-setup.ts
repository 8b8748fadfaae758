import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../db/client.ts';
import { workflowBundle } from '../../workflow-bundle.ts';

export type TestDatabaseInfo = { kind: 'postgres'; adminUrl: string; template: string } | { kind: 'pglite' };

declare module 'vitest' {
  export interface ProvidedContext {
    database: TestDatabaseInfo;
  }
}

export function urlWithDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Migrates a template database once per run; each test file then clones it (CREATE DATABASE …
 * TEMPLATE), so files run in parallel on isolated data. Without a reachable PostgreSQL, test
 * files fall back to in-memory PGlite and this says so. Meanwhile the workflow bundle is brought
 * up to date once (workflow-bundle.ts), so that test files running a worker read it from its
 * cache instead of each bundling the workflows again.
 */
export default async function setup(project: TestProject) {
  const bundled = workflowBundle();
  try {
    return await setupDatabase(project);
  } finally {
    await bundled;
  }
}

async function setupDatabase(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = postgres(adminUrl, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await admin`select 1`;
  } catch (error) {
    await admin.end({ timeout: 1 }).catch(() => {});
    console.warn(`[tests] PostgreSQL unreachable at ${adminUrl} (${(error as Error).message}); falling back to in-memory PGlite.`);
    project.provide('database', { kind: 'pglite' });
    return;
  }
  const template = `echeance_tpl_${process.pid}_${randomBytes(3).toString('hex')}`;
  await admin.unsafe(`CREATE DATABASE "${template}"`);
  const database = await openDatabase({ url: urlWithDatabase(adminUrl, template), max: 1 });
  await database.migrate();
  await database.close();
  project.provide('database', { kind: 'postgres', adminUrl, template });

  return async () => {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await admin.end({ timeout: 5 });
  };
}
