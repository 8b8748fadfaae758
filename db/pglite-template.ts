import { createHash } from 'node:crypto';
import { constants, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A freshly created and migrated PGlite data directory, kept under `node_modules/.cache/echeance/`
 * and copied into an empty data directory instead of running PGlite's initdb there.
 *
 * PGlite's initdb costs about 5 s of CPU (it starts a second PGlite and runs initdb's WebAssembly
 * build), most of a first start on an empty DATA_DIR; copying the 42 MiB directory costs ≈ 0.2 s,
 * and the copy then opens like any existing database. (Loading the same directory as a tarball,
 * PGlite's `loadDataDir`, cost 3.5 s of CPU where copying and opening cost 2.1 s.) A template is
 * keyed by the PGlite version and the content of every file of the migrations folder, so a
 * template is only ever copied for the same PGlite and the same migrations; the migrations still
 * run on the copy (a no-op), and any change of them makes a new key. It is written aside, then
 * renamed, so a reader sees a whole template or none; a template that cannot be read or written
 * (a read-only install) is ignored, and the database is created by initdb as before.
 */
export interface PgliteTemplate {
  /** Where the template of this PGlite version and these migrations is (or would be) kept. */
  directory: string;
}

export function pgliteTemplate(migrationsFolder: string, root = defaultRoot): PgliteTemplate {
  const hash = createHash('sha256').update(`${templateFormat}\n${pgliteVersion()}\n`);
  for (const file of filesUnder(migrationsFolder)) hash.update(`${path.relative(migrationsFolder, file)}\n`).update(readFileSync(file));
  return { directory: path.join(root, hash.digest('hex').slice(0, 16)) };
}

/**
 * Copies the template into `dataDir` when `dataDir` is missing or empty and the template exists.
 * Returns `'copied'`, `'no template'` (an empty `dataDir`, left empty: initdb will run) or
 * `'not empty'` (an existing database, untouched).
 */
export function seedFromTemplate(template: PgliteTemplate, dataDir: string): 'copied' | 'no template' | 'not empty' {
  if (!isEmptyDirectory(dataDir)) return 'not empty';
  if (!existsSync(path.join(template.directory, 'PG_VERSION'))) return 'no template';
  // Copied aside, then renamed: a copy cut short leaves no half database where the next start looks.
  const aside = `${dataDir}.${process.pid}.tmp`;
  try {
    cpSync(template.directory, aside, { recursive: true, mode: constants.COPYFILE_FICLONE });
    rmSync(dataDir, { recursive: true, force: true });
    renameSync(aside, dataDir);
  } catch {
    rmSync(aside, { recursive: true, force: true });
    return 'no template';
  }
  // Its last use, so that cleaning up after another migration set keeps a template still in use.
  try {
    const now = new Date();
    utimesSync(template.directory, now, now);
  } catch {
    // a read-only cache: nothing is cleaned up there either
  }
  return 'copied';
}

/**
 * Saves `dataDir`, just created by initdb and migrated, as the template. `checkpoint` runs
 * PostgreSQL's CHECKPOINT, so that the data files hold every change; the copy is synchronous, so
 * no query of this process runs during it, and the copy is what the directory held at one
 * instant, which PostgreSQL opens as after a crash (replaying the little WAL written since the
 * checkpoint), as it does a copy made by PGlite's own `dumpDataDir`. The caller must not have
 * written anything else yet: every later data directory starts from this one.
 */
export async function saveTemplate(template: PgliteTemplate, dataDir: string, checkpoint: () => Promise<unknown>): Promise<void> {
  try {
    mkdirSync(path.dirname(template.directory), { recursive: true });
  } catch {
    return; // a read-only install
  }
  const aside = `${template.directory}.${process.pid}.tmp`;
  try {
    await checkpoint();
    cpSync(dataDir, aside, { recursive: true, mode: constants.COPYFILE_FICLONE });
    renameSync(aside, template.directory);
    removeUnusedTemplates(template);
  } catch {
    // Not writable, or another process saved the same template first (its copy serves as well).
    rmSync(aside, { recursive: true, force: true });
  }
}

/** Bump when what a template holds changes other than through PGlite's version or the migrations. */
const templateFormat = 'v1';
const defaultRoot = fileURLToPath(new URL('../node_modules/.cache/echeance/pglite-template/', import.meta.url));
/** Templates of other migration sets (another branch) not copied for this long are removed. */
const unusedTemplateLifetimeMs = 24 * 3_600_000;

function pgliteVersion(): string {
  // The package does not export its package.json; it sits above its entry point (dist/).
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  return (JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** True for a missing or empty directory: where a new database would be created. */
export function isEmptyDirectory(directory: string): boolean {
  try {
    return readdirSync(directory).length === 0;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

function removeUnusedTemplates(kept: PgliteTemplate): void {
  const root = path.dirname(kept.directory);
  for (const entry of readdirSync(root)) {
    const directory = path.join(root, entry);
    if (directory !== kept.directory && Date.now() - statSync(directory).mtimeMs > unusedTemplateLifetimeMs) rmSync(directory, { recursive: true, force: true });
  }
}
