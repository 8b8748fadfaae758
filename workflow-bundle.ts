import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, type WorkflowBundle, type WorkflowBundlePath } from '@temporalio/worker';

/** Every workflow of the product (workflows/index.ts), the entry point of the bundle. */
export const workflowsPath = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));

/**
 * Modules evaluated once in the worker's shared V8 context and shared by every workflow (the SDK's
 * `preloadModules`), instead of once per workflow run: the business calendar and the occurrence
 * planner, with date-fns-tz and its `Intl` formatters under them. Without this every run — and a
 * line continues as new after each occurrence — evaluates these modules again and builds new
 * `Intl.DateTimeFormat`s: about a sixth of the worker's CPU per mission in bench:engine (README).
 *
 * Only pure modules belong here: no `@temporalio/workflow` import (its state is per workflow), no
 * state that differs between workflows. Their caches (public holidays per year, formatters per
 * zone) hold the same answer for every workflow, so sharing them keeps replays deterministic.
 * test/workflow-bundle.test.ts checks that nothing they import reaches the SDK.
 */
export const preloadedModules = ['domain/missions/plan-occurrences.ts', 'domain/portal/request-email-schedule.ts'].map((module) =>
  fileURLToPath(new URL(`./${module}`, import.meta.url)),
);

/**
 * The workflow bundle, built once and kept on disk until one of its inputs changes.
 *
 * Bundling the workflows with webpack takes 5 s or more, at every start and in every test file
 * that runs a worker. So the bundle is written under `node_modules/.cache/echeance/` with a
 * manifest of every path webpack read or probed while building it (the workflows, the domain
 * modules they import, the SDK's workflow-side files, the package.json files of resolution) and
 * what each held: its content hash, "directory" or "missing". The bundle is reused only while
 * every one of those paths still holds the same thing and the bundler (SDK, webpack, swc) is the
 * same version; any change rebuilds it, so a stale bundle never runs. The check reads ≈ 600 small
 * files (tens of milliseconds). Where the cache cannot be written (a read-only install), the
 * bundle is built in memory, as the SDK does by default.
 */
export function workflowBundle(options: { onBuild?: (reason: string) => void } = {}): Promise<WorkflowBundlePath | WorkflowBundle> {
  // Callers at the same time (main.ts checks it early, then the worker asks for it) share one check or build.
  inFlight ??= currentBundle(options).finally(() => (inFlight = undefined));
  return inFlight;
}
let inFlight: Promise<WorkflowBundlePath | WorkflowBundle> | undefined;

async function currentBundle(options: { onBuild?: (reason: string) => void }): Promise<WorkflowBundlePath | WorkflowBundle> {
  const directory = path.join(cacheRoot, createHash('sha256').update(`${cacheFormat}\n${workflowsPath}`).digest('hex').slice(0, 16));
  const manifestPath = path.join(directory, 'manifest.json');
  const cached = readManifest(manifestPath);
  const reason = !cached ? 'no bundle built yet' : staleInput(cached, directory);
  if (!reason) return { codePath: path.join(directory, cached!.bundle) };

  options.onBuild?.(reason);
  const buildStarted = Date.now();
  let inputs: string[] = [];
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    preloadModules: preloadedModules,
    logger: bundlerLogger,
    webpackConfigHook: (config) => {
      // Every path the compilation read (files, and directories read during resolution) or looked
      // for and did not find (a module created there later would be picked up instead).
      config.plugins = [
        ...(config.plugins ?? []),
        {
          apply: (compiler) =>
            compiler.hooks.done.tap('echeance-bundle-inputs', ({ compilation }) => {
              inputs = [...compilation.fileDependencies, ...compilation.missingDependencies];
            }),
        },
      ];
      return config;
    },
  });
  const manifest: Manifest = { toolchain: toolchainVersions(), inputs: Object.fromEntries([...new Set(inputs)].sort().map((input) => [input, fingerprint(input)])), bundle: '' };
  manifest.bundle = `bundle-${createHash('sha256').update(JSON.stringify(manifest.inputs)).update(code).digest('hex').slice(0, 16)}.js`;
  // A source saved while webpack ran may hold something else than what it bundled: not cached.
  if ([...new Set(inputs)].some((input) => modifiedSince(input, buildStarted))) return { code };
  try {
    mkdirSync(directory, { recursive: true });
    // Written aside, then renamed: a process reading the cache at the same time sees the old
    // manifest or the new one, each naming a complete bundle file.
    writeAtomically(path.join(directory, manifest.bundle), code);
    writeAtomically(manifestPath, JSON.stringify(manifest));
    removeOldBundles(directory, manifest.bundle);
    return { codePath: path.join(directory, manifest.bundle) };
  } catch {
    return { code };
  }
}

interface Manifest {
  toolchain: Record<string, string>;
  /** Path → sha256 of its content, `directory` or `missing`, as the build saw it. */
  inputs: Record<string, string>;
  /** File name of the bundle in the manifest's directory. */
  bundle: string;
}

/** Bump when the manifest's shape or the bundle options change. */
const cacheFormat = 'v2';
const cacheRoot = fileURLToPath(new URL('./node_modules/.cache/echeance/workflow-bundle/', import.meta.url));
const require = createRequire(import.meta.url);

/** Webpack's report goes nowhere; its errors still fail the build (and print). */
const bundlerLogger = {
  log: () => {},
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: (message: string, meta?: Record<string, unknown>) => console.error(message, meta ?? ''),
};

/** The versions of what turns the sources into the bundle (outside the files webpack reads). */
function toolchainVersions(): Record<string, string> {
  const bundler = createRequire(require.resolve('@temporalio/worker'));
  const version = (name: string, from: NodeJS.Require) => (JSON.parse(readFileSync(from.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  return {
    '@temporalio/worker': version('@temporalio/worker', require),
    webpack: version('webpack', bundler),
    'swc-loader': version('swc-loader', bundler),
    '@swc/core': version('@swc/core', createRequire(bundler.resolve('swc-loader'))),
  };
}

function fingerprint(input: string): string {
  try {
    if (statSync(input).isDirectory()) return 'directory';
    return createHash('sha256').update(readFileSync(input)).digest('hex');
  } catch {
    return 'missing';
  }
}

function modifiedSince(input: string, time: number): boolean {
  try {
    return statSync(input).mtimeMs >= time - 100;
  } catch {
    return false;
  }
}

function readManifest(manifestPath: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** Why the cached bundle may not be used, or undefined when every input is as it was built from. */
function staleInput(manifest: Manifest, directory: string): string | undefined {
  if (JSON.stringify(manifest.toolchain) !== JSON.stringify(toolchainVersions())) return 'the bundler was upgraded';
  for (const [input, was] of Object.entries(manifest.inputs)) if (fingerprint(input) !== was) return `${input} changed`;
  if (fingerprint(path.join(directory, manifest.bundle)) === 'missing') return 'the bundle file is gone';
  return undefined;
}

/** Earlier bundles of this directory, once no process can still be about to read them. */
function removeOldBundles(directory: string, current: string): void {
  for (const file of readdirSync(directory)) {
    const stale = file !== current && /^bundle-.*\.js/.test(file) && Date.now() - statSync(path.join(directory, file)).mtimeMs > 3_600_000;
    if (stale) rmSync(path.join(directory, file), { force: true });
  }
}

function writeAtomically(file: string, content: string): void {
  const aside = `${file}.${process.pid}.tmp`;
  writeFileSync(aside, content);
  renameSync(aside, file);
}
