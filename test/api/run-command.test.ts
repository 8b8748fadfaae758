import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'echeance-run-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the run command on embedded defaults', () => {
  it('starts with no database or Temporal configured, answers /readyz, and drains on SIGTERM', async () => {
    const [port, temporalPort] = [await freePort(), await freePort()];
    // Only ports and the data folder are set, so the test can run beside a developer's service:
    // no DATABASE_URL (embedded PGlite) and no TEMPORAL_ADDRESS (embedded dev server).
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', PORT: String(port), TEMPORAL_DEV_SERVER_PORT: String(temporalPort), DATA_DIR: dataDir };
    // What `npm start` runs: main.ts compiled ahead of time (scripts/start.mjs), not through tsx.
    const child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    try {
      let ready: Response | undefined;
      for (let attempt = 0; attempt < 240 && child.exitCode === null; attempt++) {
        ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
        if (ready?.status === 200) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(ready?.status, output).toBe(200);
      expect(await ready!.json()).toMatchObject({ checks: { database: { ok: true }, temporal: { ok: true } } });
      expect((await fetch(`http://127.0.0.1:${port}/api/docs`)).status).toBe(200);

      // The first start on an empty database logs a demo admin token that works.
      const token = output.match(/"token":"(ech_[^"]+)"/)?.[1];
      expect(token, output).toBeDefined();
      const me = await fetch(`http://127.0.0.1:${port}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('shutting down');
    // The worker is drained once: no "Not running. Current state: DRAINING" from a second shutdown.
    expect(output).not.toContain('error while closing');
  }, 150_000);
});

/** Runs `main.ts` with `env` until it exits by itself; its exit code and output. */
async function runToExit(env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main.ts'], { cwd: root, env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
  return { code, output };
}

describe('the run command refuses to start', () => {
  it('in production without DATABASE_URL or TEMPORAL_ADDRESS, naming both, instead of running on the embedded defaults', async () => {
    const { code, output } = await runToExit({ NODE_ENV: 'production', PORT: String(await freePort()), DATA_DIR: dataDir });
    expect(code).toBe(1);
    expect(output).toMatch(/DATABASE_URL: required when NODE_ENV=production/);
    expect(output).toMatch(/TEMPORAL_ADDRESS: required when NODE_ENV=production/);
    expect(output).not.toContain('database migrated');
  }, 60_000);

  it('when the embedded Temporal port is taken (a second npm start), naming TEMPORAL_DEV_SERVER_PORT', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const { code, output } = await runToExit({ PORT: String(await freePort()), TEMPORAL_DEV_SERVER_PORT: String(port), DATA_DIR: mkdtempSync(path.join(tmpdir(), 'echeance-run-')) });
      expect(code).toBe(1);
      expect(output).toContain(`Port ${port} is already in use`);
      expect(output).toContain('set TEMPORAL_DEV_SERVER_PORT to a free port');
    } finally {
      taken.close();
    }
  }, 120_000);
});
