/**
 * `npm run build`: fills the caches a start would otherwise fill (node_modules/.cache/echeance/),
 * for an image build or a fresh clone, so that the first start neither bundles nor runs initdb:
 *
 * - the workflow bundle, unless the cached one is still current;
 * - the PGlite template (an empty data directory, created and migrated), unless there is one for
 *   these migrations: the embedded database's first start copies it instead of running initdb.
 *
 * `npm start` and the tests do the same by themselves when they need to.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/client.ts';
import { workflowBundle } from '../workflow-bundle.ts';

const bundle = await workflowBundle({ onBuild: (reason) => console.log(`building the workflow bundle: ${reason}`) });
console.log(`workflow bundle: ${'codePath' in bundle ? bundle.codePath : 'the cache is not writable, the bundle is built at each start'}`);

// A throwaway data directory: opening it empty saves the template once migrated (or copies the existing one).
const scratch = mkdtempSync(path.join(tmpdir(), 'echeance-build-'));
try {
  const database = await openDatabase({ pgliteDir: path.join(scratch, 'pglite') });
  await database.migrate();
  await database.close();
  console.log('PGlite template: ready');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
