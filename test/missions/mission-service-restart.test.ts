/**
 * The service as `npm start` runs it (embedded Temporal server, state under DATA_DIR), killed with
 * SIGKILL and stopped with SIGTERM, then started again on the same data: a signed mission's
 * workflow and its sleeping service line, a mission awaiting its signature (a workflow waiting on
 * a signal) and a follow-up reminder carry on as the same runs (nothing lost, nothing restarted
 * by reconciliation); then, with the dev clock, the year runs: every occurrence once, the
 * awaiting mission takes its signature, the reminder is sent once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { like } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { outboxEmails } from '../../db/schema/index.ts';
import { followUpReminderWorkflowId } from '../../workflows/follow-up-reminder.signals.ts';
import { prospectBody } from '../prospects/prospect-builders.ts';
import { missionStateQuery } from '../../workflows/mission.contract.ts';
import { missionWorkflowId } from '../../domain/missions/mission-lifecycle.ts';
import { seedVatService } from '../support/seed-catalogue.ts';
import { seedClient } from '../support/seed-clients.ts';
import { seedOrganisation } from '../support/seed.ts';
import { vat2027Deadlines } from './support/mission-fixtures.ts';
import { informationRequestsOf } from './support/mission-harness.ts';
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
  it('keeps every workflow running as the same runs after SIGKILL and after SIGTERM, then completes the year once', { timeout: 1_200_000 }, async () => {
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

      const api = async (method: string, p: string, body?: unknown, token = org.collaboratorToken) => {
        const res = await fetch(`http://127.0.0.1:${port}${p}`, {
          method,
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
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
      // A mission awaiting its signature: its workflow waits on the signature signal.
      const awaiting = await api('POST', '/api/v1/missions', {
        clientId: client.id,
        name: 'TVA 2027 (à signer)',
        startDate: '2027-01-01',
        endDate: '2027-12-31',
        lines: [{ serviceId: vatService.id, frequency: 'monthly', deadlineRule: { kind: 'day-of-month', day: 30 }, leadTimeDays: 10 }],
      });
      expect(awaiting.status, JSON.stringify(awaiting.body)).toBe(201);
      const awaitingId = awaiting.body.id as string;
      expect((await api('POST', `/api/v1/missions/${awaitingId}/validate`, {})).status).toBe(200);
      // A follow-up action: its reminder workflow sleeps until the end of 2027-03-15 (Paris).
      const prospect = await api('POST', '/api/v1/prospects', prospectBody(org, { companyName: 'Garage Martin' }));
      expect(prospect.status, JSON.stringify(prospect.body)).toBe(201);
      const action = await api('POST', `/api/v1/prospects/${prospect.body.id as string}/actions`, { actionType: 'follow_up', dueDate: '2027-03-15', description: 'Rappeler M. Martin' });
      expect(action.status, JSON.stringify(action.body)).toBe(201);
      const openRuns = async () => {
        const connection = await Connection.connect({ address: `127.0.0.1:${temporalPort}` });
        try {
          const runOf = async (workflowId: string) => {
            const raw = await connection.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId } });
            return `${raw.workflowExecutionInfo?.execution?.runId}/${raw.workflowExecutionInfo?.status}`;
          };
          return { awaiting: await runOf(missionWorkflowId(awaitingId)), reminder: await runOf(followUpReminderWorkflowId(action.body.id as string)) };
        } finally {
          await connection.close();
        }
      };
      const runsBefore = await openRuns();
      expect(runsBefore.awaiting).toMatch(/\/1$/); // RUNNING
      expect(runsBefore.reminder).toMatch(/\/1$/);

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
      expect(await openRuns()).toEqual(runsBefore);

      await stopService(service, 'SIGTERM');
      service = await startService(env, port);
      expect(await describe()).toEqual(before);
      expect(await openRuns()).toEqual(runsBefore);

      // The awaiting mission takes its signature, and the year runs on the dev clock.
      const late = await api('POST', `/api/v1/missions/${awaitingId}/sign`, { signer: 'Claire Martin' });
      expect(late.status, JSON.stringify(late.body)).toBe(200);
      // In steps, each answered well within the HTTP client's 300 s header timeout.
      for (let step = 0; step < 4; step++) expect((await api('POST', '/api/v1/dev/clock/advance', { days: 100 }, org.adminToken)).status).toBe(200);
      for (const id of [missionId, awaitingId]) {
        await expect.poll(async () => (await informationRequestsOf(database, id)).map((request) => request.deadline), { timeout: 120_000, interval: 500 }).toEqual(vat2027Deadlines);
      }
      const reminders = () => database.db.select().from(outboxEmails).where(like(outboxEmails.idempotencyKey, `follow-up-reminder/${action.body.id as string}/%`));
      await expect.poll(async () => (await reminders()).length, { timeout: 60_000, interval: 500 }).toBe(1);
      await stopService(service, 'SIGTERM');
    } finally {
      await database.close();
    }
  });
});
