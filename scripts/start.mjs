/**
 * `npm start`: runs main.ts compiled ahead of time instead of through tsx.
 *
 * Under tsx every module of the service and of its dependencies goes through tsx's loader hooks
 * at each start, which made the imports take about twice as long. Here main.ts and every project
 * module it imports are compiled by esbuild (the one tsx itself uses, with the same tsconfig)
 * into one ES module under node_modules/.cache/echeance/start/, dependencies left as imports, and
 * each module's `import.meta.url` kept as its source file's, so paths relative to a source file
 * (migrations, workflows, the Temporal UI) stay what they are under tsx. The compiled file is
 * reused while every source it was built from, tsconfig.json, package.json and esbuild's version
 * are unchanged (compared by content hash, a few milliseconds); otherwise it is rebuilt first
 * (about a second), so it never runs stale code. Stack traces point at the TypeScript sources
 * (source maps on).
 *
 * Plain JavaScript because it runs before any TypeScript loader; everything else stays TypeScript.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cacheDirectory = path.join(root, 'node_modules/.cache/echeance/start', sha256(root).slice(0, 16));
const manifestPath = path.join(cacheDirectory, 'manifest.json');
/** Read by esbuild besides the sources it bundles: JSX and target settings, the package type. */
const configFiles = ['tsconfig.json', 'package.json'].map((file) => path.join(root, file));
/** The esbuild tsx runs on, so that both compile alike without a dependency of our own. */
const esbuildPath = createRequire(createRequire(import.meta.url).resolve('tsx/package.json')).resolve('esbuild');

/**
 * @typedef {{ esbuild: string, inputs: Record<string, string>, output: string }} Manifest
 * `inputs`: absolute path → sha256 of the content it was built from; `output`: the compiled
 * entry, relative to the cache directory.
 */

/** @returns {Manifest | undefined} */
function readManifest() {
  try {
    return JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    return undefined;
  }
}

function sha256(content) {
  return createHash('sha256').update(content).digest('hex');
}

function fingerprint(file) {
  try {
    return sha256(readFileSync(file));
  } catch {
    return 'missing';
  }
}

function modifiedSince(file, time) {
  try {
    return statSync(file).mtimeMs >= time - 100;
  } catch {
    return false;
  }
}

function esbuildVersion() {
  return JSON.parse(readFileSync(path.join(path.dirname(esbuildPath), '../package.json'), 'utf8')).version;
}

/** @param {Manifest} manifest */
function isCurrent(manifest) {
  if (manifest.esbuild !== esbuildVersion()) return false;
  if (fingerprint(path.join(cacheDirectory, manifest.output)) === 'missing') return false;
  return Object.entries(manifest.inputs).every(([file, hash]) => fingerprint(file) === hash);
}

/** Compiles main.ts into a new build directory, then points the manifest at it. */
async function build() {
  const { build: esbuild } = createRequire(import.meta.url)(esbuildPath);
  const started = Date.now();
  const buildName = `build-${started}-${process.pid}`;
  const outfile = path.join(cacheDirectory, buildName, 'main.mjs');
  const result = await esbuild({
    absWorkingDir: root,
    entryPoints: [path.join(root, 'main.ts')],
    outfile,
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    tsconfig: path.join(root, 'tsconfig.json'),
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [
      {
        name: 'source-import-meta-url',
        setup(compiler) {
          compiler.onLoad({ filter: /\.(m?ts|tsx)$/ }, async ({ path: file }) => {
            const source = await readFile(file, 'utf8');
            if (!source.includes('import.meta.url')) return undefined;
            return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(file).href)), loader: file.endsWith('.tsx') ? 'tsx' : 'ts' };
          });
        },
      },
    ],
  });
  const inputs = [...Object.keys(result.metafile.inputs).map((input) => path.resolve(root, input)), ...configFiles];
  // A source saved while esbuild ran may hold something else than what it compiled: this build
  // runs once, and the next start compiles again.
  if (inputs.some((file) => modifiedSince(file, started))) return { esbuild: '', inputs: {}, output: path.join(buildName, 'main.mjs') };
  /** @type {Manifest} */
  const manifest = { esbuild: esbuildVersion(), inputs: Object.fromEntries(inputs.sort().map((file) => [file, fingerprint(file)])), output: path.join(buildName, 'main.mjs') };
  const aside = `${manifestPath}.${process.pid}.tmp`;
  writeFileSync(aside, JSON.stringify(manifest));
  renameSync(aside, manifestPath);
  // Earlier builds, once no start can still be about to import them.
  for (const entry of readdirSync(cacheDirectory)) {
    if (!entry.startsWith('build-') || entry === buildName) continue;
    if (Date.now() - statSync(path.join(cacheDirectory, entry)).mtimeMs > 3_600_000) rmSync(path.join(cacheDirectory, entry), { recursive: true, force: true });
  }
  return manifest;
}

let manifest = readManifest();
if (!manifest || !isCurrent(manifest)) {
  try {
    mkdirSync(cacheDirectory, { recursive: true });
    manifest = await build();
  } catch (error) {
    // A read-only installation: run the sources through tsx, as before this launcher.
    if (!['EACCES', 'EPERM', 'EROFS'].includes(/** @type {NodeJS.ErrnoException} */ (error).code ?? '')) throw error;
    manifest = undefined;
  }
}
if (manifest) {
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(path.join(cacheDirectory, manifest.output)).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(path.join(root, 'main.ts')).href);
}
