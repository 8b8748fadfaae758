import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const postgresBin = ['17', '16', '15', '14'].map((version) => `/usr/lib/postgresql/${version}/bin`).find((dir) => existsSync(join(dir, 'initdb')));
const canRunCluster = Boolean(postgresBin) && process.getuid?.() === 0;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const asPostgres = (command: string, args: string[]) => execFileSync('runuser', ['-u', 'postgres', '--', join(postgresBin!, command), ...args], { stdio: 'pipe' });

let child: ChildProcess | undefined;
let clusterDir: string | undefined;
afterAll(() => {
  child?.kill('SIGTERM');
  if (clusterDir) {
    try {
      asPostgres('pg_ctl', ['-D', clusterDir, '-m', 'immediate', 'stop']);
    } catch {
      // not started
    }
    rmSync(clusterDir, { recursive: true, force: true });
  }
});

async function readyz(port: number): Promise<{ status: number; body: any } | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`);
    return { status: response.status, body: await response.json() };
  } catch {
    return undefined;
  }
}

describe('start-up before PostgreSQL is reachable', () => {
  it('answers /readyz 503 while it waits for PostgreSQL, says so in its log, and becomes ready once PostgreSQL starts', async () => {
    if (!canRunCluster) return console.warn('skipped: needs root and /usr/lib/postgresql/*/bin to start a throwaway cluster');
    const [pgPort, apiPort, temporalPort] = [await freePort(), await freePort(), await freePort()];
    clusterDir = mkdtempSync(join(tmpdir(), 'echeance-boot-pg-'));
    chownSync(clusterDir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
    asPostgres('initdb', ['-D', clusterDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);

    const main = fileURLToPath(new URL('../../main.ts', import.meta.url));
    let log = '';
    child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: {
        ...process.env,
        // Development: production would also need TEMPORAL_ADDRESS; the embedded server runs headless.
        NODE_ENV: 'development',
        TEMPORAL_UI_PORT: 'off',
        DATABASE_URL: `postgres://postgres@127.0.0.1:${pgPort}/postgres`,
        PORT: String(apiPort),
        TEMPORAL_DEV_SERVER_PORT: String(temporalPort),
        RUN_WORKER: 'false',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'echeance-boot-data-')),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));

    let waiting: { status: number; body: any } | undefined;
    for (let i = 0; i < 300 && !waiting; i++) {
      waiting = await readyz(apiPort);
      if (!waiting) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(waiting, `no answer; log: ${log.slice(-1500)}`).toMatchObject({ status: 503, body: { status: 'starting', waitingFor: 'database' } });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(log).toMatch(/waiting for PostgreSQL/);
    expect(child.exitCode).toBeNull();

    asPostgres('pg_ctl', ['-D', clusterDir, '-w', '-o', `-p ${pgPort} -k ${clusterDir} -c listen_addresses=127.0.0.1`, '-l', join(clusterDir, 'log'), 'start']);
    let ready: { status: number; body: any } | undefined;
    for (let i = 0; i < 120 && ready?.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      ready = await readyz(apiPort);
    }
    expect(ready?.status, `${JSON.stringify(ready)}\n${log.slice(-2000)}`).toBe(200);
  }, 180_000);
});
