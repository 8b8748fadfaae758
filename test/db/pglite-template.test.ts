import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { pgliteTemplate, seedFromTemplate } from '../../db/pglite-template.ts';

const migrationsFolder = fileURLToPath(new URL('../../db/migrations', import.meta.url));
const migrationCount = (JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;
const scratch = mkdtempSync(path.join(tmpdir(), 'echeance-pglite-template-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Opens, migrates and returns the database at `dataDir` with templates kept under `templateRoot`. */
async function openMigrated(dataDir: string, templateRoot: string) {
  const database = await openDatabase({ pgliteDir: dataDir, pgliteTemplateRoot: templateRoot });
  await database.migrate();
  return database;
}

async function appliedMigrations(database: Awaited<ReturnType<typeof openMigrated>>): Promise<number> {
  const { rows } = (await database.db.execute(sql`select count(*)::int as count from drizzle.__drizzle_migrations`)) as unknown as { rows: { count: number }[] };
  return rows[0]!.count;
}

describe('PGlite data directory template', () => {
  it('is saved by the first empty data directory migrated, then copied into the next, both migrated and writable', async () => {
    const templateRoot = path.join(scratch, 'templates');
    const template = pgliteTemplate(migrationsFolder, templateRoot);

    const first = await openMigrated(path.join(scratch, 'first', 'pglite'), templateRoot);
    expect(existsSync(path.join(template.directory, 'PG_VERSION'))).toBe(true);
    expect(await appliedMigrations(first)).toBe(migrationCount);
    // Written after the template was saved: must not reach the next data directory.
    await first.db.execute(sql`create table written_after_template (x int)`);
    await first.close();
    // Marks the template, to tell a copy of it from a directory made by initdb.
    writeFileSync(path.join(template.directory, 'copied-from-template'), '');

    const second = await openMigrated(path.join(scratch, 'second', 'pglite'), templateRoot);
    expect(existsSync(path.join(scratch, 'second', 'pglite', 'copied-from-template'))).toBe(true);
    expect(await appliedMigrations(second)).toBe(migrationCount);
    const { rows } = (await second.db.execute(sql`select to_regclass('written_after_template') as found`)) as unknown as { rows: { found: string | null }[] };
    expect(rows[0]!.found).toBeNull();
    await second.db.execute(sql`create table written_after_copy (x int)`);
    await second.db.execute(sql`insert into written_after_copy values (1)`);
    await second.close();

    // Restarted, the copy keeps what was written to it.
    const reopened = await openMigrated(path.join(scratch, 'second', 'pglite'), templateRoot);
    const { rows: kept } = (await reopened.db.execute(sql`select count(*)::int as count from written_after_copy`)) as unknown as { rows: { count: number }[] };
    expect(kept[0]!.count).toBe(1);
    await reopened.close();
    expect(readdirSync(templateRoot)).toEqual([path.basename(template.directory)]);
  });

  it('is not copied for another set of migrations', () => {
    const templateRoot = path.join(scratch, 'templates');
    const changed = path.join(scratch, 'changed-migrations');
    cpSync(migrationsFolder, changed, { recursive: true });
    const last = readdirSync(changed).filter((file) => file.endsWith('.sql')).sort().at(-1)!;
    writeFileSync(path.join(changed, last), `${readFileSync(path.join(changed, last), 'utf8')}\n-- changed\n`);

    expect(pgliteTemplate(migrationsFolder, templateRoot).directory).toBe(pgliteTemplate(migrationsFolder, templateRoot).directory);
    const other = pgliteTemplate(changed, templateRoot);
    expect(other.directory).not.toBe(pgliteTemplate(migrationsFolder, templateRoot).directory);
    expect(seedFromTemplate(other, path.join(scratch, 'other', 'pglite'))).toBe('no template');
  });

  it('is skipped where the cache cannot be written, and the database still starts', async () => {
    // A regular file where the cache's folder should be: nothing can be created under it.
    writeFileSync(path.join(scratch, 'not-a-folder'), '');
    const database = await openMigrated(path.join(scratch, 'read-only-cache', 'pglite'), path.join(scratch, 'not-a-folder', 'templates'));
    expect(await appliedMigrations(database)).toBe(migrationCount);
    await database.close();
  });
});
