/**
 * The service as `npm start` runs it (embedded Temporal server, state under DATA_DIR), killed with
 * SIGKILL and stopped with SIGTERM, then started again on the same data: a signed mission's
 * workflow and its sleeping service line carry on as the same runs (nothing lost, nothing
 * restarted by reconciliation).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { missionStateQuery } from '../../workflows/mission.contract.ts';
import { missionWorkflowId } from '../../domain/missions/mission-lifecycle.ts';
import { seedVatService } from '../support/seed-catalogue.ts';
import { seedClient } from '../support/seed-clients.ts';
import { seedOrganisation } from '../support/seed.ts';
import { createTestDatabaseWithUrl } from './support/test-database-url.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const running: ChildProcess[] = [];

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

/** `npm start` (tsx main.ts) with this environment; resolves once /readyz answers 200 (the port opens before the service is ready). */
async function startService(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main.ts'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  running.push(child);
  // Generous: the worker bundles the workflows at each start, slow on a loaded machine.
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the service did not start in 300 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stopService(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

afterAll(() => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('the service across restarts (npm start)', () => {
  it('keeps a signed mission and its sleeping service line running as the same workflows after SIGKILL and after SIGTERM', { timeout: 1_200_000 }, async () => {
    const withUrl = await createTestDatabaseWithUrl();
    if (!withUrl) {
      console.warn('skipped: the service must run in its own process on PostgreSQL, and this run has only PGlite');
      return;
    }
    const { database, url } = withUrl;
    try {
      const org = await seedOrganisation(database.db);
      const [vatService, client] = await Promise.all([seedVatService(database.db, org), seedClient(database.db, org)]);
      const [port, temporalPort] = [await freePort(), await freePort()];
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        NODE_ENV: 'development',
        DATABASE_URL: url,
        DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'echeance-restart-')),
        PORT: String(port),
        HOST: '127.0.0.1',
        TEMPORAL_DEV_SERVER_PORT: String(temporalPort),
        TEMPORAL_UI_PORT: 'off',
        LOG_LEVEL: 'error',
        TZ: 'UTC',
      };
      delete env.TEMPORAL_ADDRESS;

      const api = async (method: string, p: string, body?: unknown) => {
        const res = await fetch(`http://127.0.0.1:${port}${p}`, {
          method,
          headers: { Authorization: `Bearer ${org.collaboratorToken}`, 'Content-Type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };

      let service = await startService(env, port);
      const created = await api('POST', '/api/v1/missions', {
        clientId: client.id,
        name: 'TVA 2027',
        startDate: '2027-01-01',
        endDate: '2027-12-31',
        lines: [{ serviceId: vatService.id, frequency: 'monthly', deadlineRule: { kind: 'day-of-month', day: 30 }, leadTimeDays: 10 }],
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const missionId = created.body.id as string;
      expect((await api('POST', `/api/v1/missions/${missionId}/validate`, {})).status).toBe(200);
      const signed = await api('POST', `/api/v1/missions/${missionId}/sign`, { signer: 'Claire Martin' });
      expect(signed.body.status).toBe('active');

      const describe = async () => {
        const connection = await Connection.connect({ address: `127.0.0.1:${temporalPort}` });
        try {
          const temporal = new Client({ connection });
          const handle = temporal.workflow.getHandle(missionWorkflowId(missionId));
          const raw = await connection.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId: missionWorkflowId(missionId) } });
          let state = await handle.query(missionStateQuery);
          for (let i = 0; i < 100 && state.status !== 'active'; i++) {
            await new Promise((r) => setTimeout(r, 100));
            state = await handle.query(missionStateQuery);
          }
          return {
            status: (await handle.describe()).status.name,
            runId: raw.workflowExecutionInfo?.execution?.runId,
            children: (raw.pendingChildren ?? []).map((c) => `${c.workflowId}/${c.runId}`).sort(),
            state: state.status,
          };
        } finally {
          await connection.close();
        }
      };
      let before = await describe();
      for (let i = 0; i < 100 && before.children.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        before = await describe();
      }
      expect(before).toMatchObject({ status: 'RUNNING', state: 'active' });
      expect(before.children).toHaveLength(1);

      await stopService(service, 'SIGKILL');
      service = await startService(env, port);
      expect(await describe()).toEqual(before);

      await stopService(service, 'SIGTERM');
      service = await startService(env, port);
      expect(await describe()).toEqual(before);
      await stopService(service, 'SIGTERM');
    } finally {
      await database.close();
    }
  });
});
