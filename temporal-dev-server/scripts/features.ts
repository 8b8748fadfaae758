/**
 * Optional: runs the TypeScript features of the official `temporalio/features` suite against this
 * server, the way the suite's own Go runner does (compile the features and `harness/ts` with tsc
 * to CommonJS, then `node tslib/harness/ts/main.js --server <address> --namespace default
 * <feature>`), with this project's installed SDK. The suite is not part of the project: pass a
 * checkout of it (CI has no internet, and nothing here runs in CI).
 *
 *   npx tsx temporal-dev-server/scripts/features.ts <path to a temporalio/features checkout> [feature dir…]
 *
 * Prints one line per feature (PASS/FAIL, with the first line of the failure) and a summary;
 * exits 1 if any feature failed. `FEATURES_LOG=1` shows each feature's whole output.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';

const root = fileURLToPath(new URL('../../', import.meta.url));
const modules = path.join(root, 'node_modules');
const bin = fileURLToPath(new URL('../bin/temporal-dev-server.mjs', import.meta.url));

/** Features that cannot run here, with the reason (see README.md, "The official features suite"). */
const notRun: Record<string, string> = {
  'client/http_proxy': 'needs the HTTP CONNECT proxy the Go runner starts',
  'client/http_proxy_auth': 'needs the HTTP CONNECT proxy the Go runner starts',
  'client/http_proxy_nativeconn': 'needs the HTTP CONNECT proxy the Go runner starts',
  'client/http_proxy_nativeconn_auth': 'needs the HTTP CONNECT proxy the Go runner starts',
};

function findFeatures(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...findFeatures(dir, r));
    else if (entry.name === 'feature.ts') out.push(rel);
  }
  return out.sort();
}

/** Packages the suite's features import that the project does not install (from the npm registry). */
const suiteOnlyPackages = ['proto3-json-serializer@^1.1.1'];

/**
 * A node_modules of symlinks to the project's packages, plus `@temporalio/harness` (the compiled
 * harness) and the suite-only packages.
 */
function linkModules(work: string): void {
  const target = path.join(work, 'node_modules');
  fs.mkdirSync(target);
  const extra = path.join(work, 'extra');
  fs.mkdirSync(extra);
  const npm = spawnSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', extra, ...suiteOnlyPackages], { encoding: 'utf8' });
  if (npm.status !== 0) console.log(`npm could not install ${suiteOnlyPackages.join(', ')}: the features that import them fail`);
  for (const pkg of suiteOnlyPackages.map((p) => p.slice(0, p.lastIndexOf('@')))) {
    if (fs.existsSync(path.join(extra, 'node_modules', pkg))) fs.symlinkSync(path.join(extra, 'node_modules', pkg), path.join(target, pkg));
  }
  for (const name of fs.readdirSync(modules)) {
    if (name.startsWith('@')) {
      fs.mkdirSync(path.join(target, name));
      for (const pkg of fs.readdirSync(path.join(modules, name))) fs.symlinkSync(path.join(modules, name, pkg), path.join(target, name, pkg));
    } else if (!fs.existsSync(path.join(target, name))) {
      fs.symlinkSync(path.join(modules, name), path.join(target, name));
    }
  }
  const harness = path.join(target, '@temporalio', 'harness');
  fs.mkdirSync(harness, { recursive: true });
  fs.writeFileSync(path.join(harness, 'index.js'), "module.exports = require('../../../tslib/harness/ts/harness.js');\n");
  fs.writeFileSync(path.join(harness, 'index.d.ts'), "export * from '../../../harness/ts/harness';\n");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function run(cmd: string, args: string[], cwd: string, timeoutMs: number, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // The harness's workflow interceptor requires '@temporalio/harness' from the worker thread's
    // main module, which lives in the project's node_modules: NODE_PATH lets it find the harness.
    const child = spawn(cmd, args, { cwd, env: { ...process.env, TZ: 'UTC', NODE_PATH: path.join(cwd, 'node_modules'), ...env } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

async function main(): Promise<void> {
  const [suite, ...only] = process.argv.slice(2);
  if (!suite || !fs.existsSync(path.join(suite, 'harness', 'ts', 'harness.ts'))) {
    throw new Error('usage: features.ts <path to a temporalio/features checkout> [feature dir…]');
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-features-'));
  fs.cpSync(path.join(suite, 'features'), path.join(work, 'features'), { recursive: true });
  fs.cpSync(path.join(suite, 'harness', 'ts'), path.join(work, 'harness', 'ts'), { recursive: true });
  linkModules(work);
  fs.writeFileSync(
    path.join(work, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'es2022',
        lib: ['es2023'],
        module: 'commonjs',
        moduleResolution: 'node',
        outDir: './tslib',
        rootDir: '.',
        strict: true,
        esModuleInterop: true,
        skipLibCheck: true,
        resolveJsonModule: true,
        allowJs: true,
        types: ['node'],
      },
      include: ['features/**/*.ts', 'harness/ts/**/*.ts'],
    }),
  );
  // Type errors do not stop the emit; features that fail to compile fail when they load.
  const tsc = spawnSync(process.execPath, [path.join(modules, 'typescript', 'bin', 'tsc'), '-p', work], { encoding: 'utf8' });
  const typeErrors = (tsc.stdout.match(/error TS/g) ?? []).length;
  if (typeErrors) console.log(`tsc: ${typeErrors} type errors (details with FEATURES_LOG=1)`);
  if (process.env.FEATURES_LOG) console.log(tsc.stdout);

  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const server = spawn(process.execPath, [bin, 'server', 'start-dev', '--port', String(port), '--headless', '--namespace', 'default'], { stdio: 'ignore' });
  try {
    // As the Go runner: the namespace's capabilities, for the features whose assertions depend on them.
    let capabilities: Record<string, boolean> = {};
    for (let attempt = 0; ; attempt++) {
      try {
        const connection = await Connection.connect({ address });
        const { namespaceInfo } = await connection.workflowService.describeNamespace({ namespace: 'default' });
        capabilities = { workerPollCompleteOnShutdown: Boolean(namespaceInfo?.capabilities?.workerPollCompleteOnShutdown) };
        await connection.close();
        break;
      } catch (err) {
        if (attempt > 100) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const featureEnv = { FEATURE_NAMESPACE_CAPABILITIES: JSON.stringify(capabilities) };
    const features = (only.length ? only : findFeatures(path.join(work, 'features'))).filter((f) => !(f in notRun));
    let failed = 0;
    for (const feature of features) {
      const started = Date.now();
      const { code, output } = await run(process.execPath, ['tslib/harness/ts/main.js', '--server', address, '--namespace', 'default', `${feature}:${feature}-${Date.now()}`], work, 180_000, featureEnv);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (code === 0) {
        console.log(`PASS ${feature} (${seconds} s)`);
      } else {
        failed++;
        const reason = /Feature \S+ failed with (.*)/.exec(output)?.[1] ?? (code === null ? 'timed out after 180 s' : output.trim().split('\n').pop());
        console.log(`FAIL ${feature} (${seconds} s): ${reason}`);
      }
      if (process.env.FEATURES_LOG) console.log(output);
    }
    for (const [feature, reason] of Object.entries(notRun)) console.log(`SKIP ${feature}: ${reason}`);
    console.log(`${features.length - failed} of ${features.length} passed`);
    process.exitCode = failed ? 1 : 0;
  } finally {
    server.kill('SIGKILL');
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
