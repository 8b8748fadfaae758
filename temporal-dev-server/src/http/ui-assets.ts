/**
 * The Temporal UI's static files: built once from temporal-dev-server/ui (the project's SvelteKit
 * shell and routes around the `@temporalio/ui` package's pages and components) into the
 * git-ignored folder temporal-dev-server/ui/build, and rebuilt only when the sources or the
 * installed package versions change. The build runs in a child process (vite), so the gRPC server
 * keeps serving meanwhile.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const UI_SOURCE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../ui');
export const UI_BUILD_DIR = join(UI_SOURCE_DIR, 'build');
const STAMP = '.build-stamp';
const CONFIG_FILES = ['package.json', 'svelte.config.js', 'vite.config.js', 'tailwind.config.js', 'postcss.config.js'];
const PACKAGES = ['@temporalio/ui', 'svelte', '@sveltejs/kit', '@sveltejs/vite-plugin-svelte', '@sveltejs/adapter-static', 'tailwindcss', 'vite'];

/** Where an installed package lives (the UI workspace's own node_modules first, then the root's). */
export function packageDir(name: string): string | undefined {
  return [join(UI_SOURCE_DIR, 'node_modules', name), resolve(UI_SOURCE_DIR, '../../node_modules', name)].find((p) => existsSync(join(p, 'package.json')));
}

export function packageVersion(name: string): string | undefined {
  const dir = packageDir(name);
  if (!dir) return undefined;
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version;
}

/** A hash of everything the build depends on. */
export function sourceStamp(): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else hash.update(relative(UI_SOURCE_DIR, p)).update('\0').update(readFileSync(p)).update('\0');
    }
  };
  walk(join(UI_SOURCE_DIR, 'src'));
  for (const f of CONFIG_FILES) hash.update(f).update('\0').update(readFileSync(join(UI_SOURCE_DIR, f))).update('\0');
  for (const p of PACKAGES) hash.update(`${p}@${packageVersion(p) ?? 'missing'}\0`);
  return hash.digest('hex');
}

export function isUiBuilt(dir = UI_BUILD_DIR): boolean {
  try {
    return readFileSync(join(dir, STAMP), 'utf8').trim() === sourceStamp() && existsSync(join(dir, 'index.html'));
  } catch {
    return false;
  }
}

interface Build {
  promise: Promise<string>;
  waiters: Set<AbortSignal>;
  abort: AbortController;
}
let building: Build | undefined;

/**
 * Resolves with the folder to serve, building it first if it is missing or stale. `progress`
 * receives one line when a build starts and one when it ends. When every caller's `signal` is
 * aborted (their UI server stopped), the build process is killed.
 */
export function ensureUiBuilt(
  progress: (line: string) => void = (line) => process.stderr.write(`temporal-dev-server: ${line}\n`),
  signal?: AbortSignal,
): Promise<string> {
  if (isUiBuilt()) return Promise.resolve(UI_BUILD_DIR);
  if (!building) {
    const abort = new AbortController();
    const current: Build = {
      abort,
      waiters: new Set(),
      promise: build(progress, abort.signal).finally(() => {
        if (building === current) building = undefined;
      }),
    };
    building = current;
  }
  const current = building;
  current.waiters.add(signal ?? new AbortController().signal);
  if (signal) {
    signal.addEventListener('abort', () => {
      if ([...current.waiters].every((s) => s.aborted)) current.abort.abort();
    });
  }
  return current.promise;
}

async function build(progress: (line: string) => void, signal: AbortSignal): Promise<string> {
  const missing = PACKAGES.filter((p) => !packageDir(p));
  if (missing.length) throw new Error(`cannot build the Temporal UI: ${missing.join(', ')} not installed (run npm ci at the repository root)`);
  const stamp = sourceStamp();
  const started = Date.now();
  const tmp = `${UI_BUILD_DIR}.tmp-${process.pid}-${Date.now()}`;
  const kitDir = join(UI_SOURCE_DIR, `.svelte-kit-${process.pid}`);
  progress(`building the Temporal UI once into ${relative(process.cwd(), UI_BUILD_DIR) || UI_BUILD_DIR} (a few minutes on a small machine; later starts reuse it)…`);
  await mkdir(tmp, { recursive: true });
  const vite = join(packageDir('vite')!, 'bin/vite.js');
  const output: string[] = [];
  try {
    await new Promise<void>((ok, fail) => {
      const child = spawn(process.execPath, [vite, 'build'], {
        cwd: UI_SOURCE_DIR,
        env: {
          ...process.env,
          NODE_ENV: 'production',
          VITE_API: '',
          VITE_TEMPORAL_UI_BUILD_TARGET: 'local',
          TEMPORAL_UI_OUT_DIR: tmp,
          TEMPORAL_UI_KIT_DIR: kitDir,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        signal,
        killSignal: 'SIGKILL',
      });
      child.stdout.on('data', (c: Buffer) => output.push(c.toString()));
      child.stderr.on('data', (c: Buffer) => output.push(c.toString()));
      child.on('error', fail);
      child.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`vite build exited with ${code}:\n${output.join('').slice(-4000)}`))));
    });
    await writeFile(join(tmp, STAMP), stamp);
    // Replace the old build in one step; another process may have finished first with the same stamp.
    if (existsSync(UI_BUILD_DIR)) {
      if ((await readFile(join(UI_BUILD_DIR, STAMP), 'utf8').catch(() => '')) === stamp) {
        await rm(tmp, { recursive: true, force: true });
        return UI_BUILD_DIR;
      }
      await rm(UI_BUILD_DIR, { recursive: true, force: true });
    }
    await rename(tmp, UI_BUILD_DIR).catch(async (err: unknown) => {
      if (!isUiBuilt()) throw err;
      await rm(tmp, { recursive: true, force: true });
    });
    progress(`Temporal UI built in ${Math.round((Date.now() - started) / 1000)} s`);
    return UI_BUILD_DIR;
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  } finally {
    await rm(kitDir, { recursive: true, force: true });
  }
}
