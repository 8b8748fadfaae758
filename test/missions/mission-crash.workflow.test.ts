/**
 * Crash safety: nothing is created twice when the worker is killed in the middle of a simulated
 * year, when an activity's transaction commits but its answer is lost, when the signature arrives
 * several times, or when a POST is replayed with its Idempotency-Key. Run in 2027 (see
 * mission-year.workflow.test.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import type { informationRequests, tasks } from '../../db/schema/index.ts';
import { missions, occurrences } from '../../db/schema/index.ts';
import type { CreateOccurrenceResult } from '../../domain/occurrences/create-occurrence.ts';
import { createMission, createSignedMission, quarterly2027Deadlines, quarterlyLine, replayEveryHistory, vat2027Deadlines, vatLine } from './support/mission-fixtures.ts';
import { informationRequestsOf, parisInstant, startMissionHarness, tasksOf, type MissionHarness } from './support/mission-harness.ts';
import { createTestDatabaseWithUrl } from './support/test-database-url.ts';

const workerScript = fileURLToPath(new URL('./support/worker-process.ts', import.meta.url));

let h: MissionHarness;
let databaseUrl: string | null = null;
const children: ChildProcess[] = [];

/** Starts the product's worker in its own process (to be killed for real); resolves once it polls. */
async function spawnWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', workerScript, JSON.stringify({ databaseUrl, address: h.env.address, namespace: h.env.namespace ?? 'default', taskQueue: h.taskQueue })], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, TZ: 'UTC' },
  });
  children.push(child);
  let output = '';
  child.stdout!.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker process exited with ${code} before it was ready`)));
  });
  return child;
}

/**
 * The database as an activity sees it, except that the first commit of each new occurrence "loses
 * its answer": the transaction commits, then the call fails as a dropped connection would, and
 * Temporal retries the activity.
 */
function losingCommitAnswers(db: Db, lost: string[]): Db {
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'transaction') return Reflect.get(target, property, receiver);
      return async (...args: Parameters<Db['transaction']>) => {
        const result = (await target.transaction(...args)) as unknown;
        const outcome = result as Partial<CreateOccurrenceResult> | undefined;
        if (outcome?.outcome === 'created' && !lost.includes(outcome.occurrenceId!)) {
          lost.push(outcome.occurrenceId!);
          throw new Error('Connection terminated unexpectedly (simulated, after commit)');
        }
        return result;
      };
    },
  });
}

const rowCount = async (table: typeof occurrences | typeof informationRequests | typeof tasks | typeof missions, where?: ReturnType<typeof eq>) =>
  (await h.database.db.select({ n: count() }).from(table).where(where))[0]!.n;

beforeAll(async () => {
  const withUrl = await createTestDatabaseWithUrl();
  databaseUrl = withUrl?.url ?? null;
  // With PostgreSQL the first worker runs in its own process (killed with SIGKILL); on the PGlite
  // fallback the database lives in this process, so the first worker runs here and is stopped.
  h = await startMissionHarness({ startWorker: databaseUrl === null, ...(withUrl ? { database: withUrl.database } : {}) });
  if (databaseUrl !== null) await spawnWorker();
  await h.skipTo(parisInstant('2027-01-05', '09:00'));
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await h?.close();
});

describe('crash safety over a simulated year (2027)', () => {
  it('creates each occurrence once when the worker is killed mid-year and the next one loses commit answers', { timeout: 180_000 }, async () => {
    const mission = await createSignedMission(h, { name: 'TVA 2027 (pannes)', lines: [vatLine(h), quarterlyLine(h)] });

    const year = h.skipTo(parisInstant('2028-01-02'));
    // Mid-year: at least five VAT requests exist.
    await expect.poll(async () => (await informationRequestsOf(h.database, mission.id)).length, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(5);
    if (databaseUrl !== null) {
      const first = children[0]!;
      first.kill('SIGKILL');
      await once(first, 'exit');
    } else {
      await h.stopWorker();
    }
    const createdBeforeCrash = await rowCount(occurrences, eq(occurrences.missionId, mission.id));
    expect(createdBeforeCrash).toBeLessThan(16);

    const lost: string[] = [];
    await h.startWorker({ db: losingCommitAnswers(h.database.db, lost) });
    // Real seconds pass here: an activity the killed worker had started is retried after its
    // start-to-close timeout, and each workflow's first task after the crash waits for the sticky
    // queue of the dead worker to time out (10 s) before going to the new one.
    await year;

    expect((await informationRequestsOf(h.database, mission.id)).map((request) => request.deadline)).toEqual(vat2027Deadlines);
    expect((await tasksOf(h.database, mission.id)).map((task) => task.deadline)).toEqual(quarterly2027Deadlines);
    expect(await rowCount(occurrences, eq(occurrences.missionId, mission.id))).toBe(16);
    // Every occurrence created after the restart had its first answer lost, and was retried.
    expect(lost.length).toBeGreaterThanOrEqual(16 - createdBeforeCrash - 1);
    expect((await h.api.get(`/api/v1/missions/${mission.id}`)).body.status).toBe('finished');

    await replayEveryHistory(h);
  });

  it('signs once for duplicate signatures, and creates once for a POST replayed with its Idempotency-Key', async () => {
    const missionsBefore = await rowCount(missions);
    const headers = { 'Idempotency-Key': 'create-mission-tva-2028' };
    const body = { name: 'TVA 2028', startDate: '2028-01-01', endDate: '2028-12-31', lines: [vatLine(h)] };
    const first = await createMission(h, body, headers);
    const replay = await h.api.post('/api/v1/missions', { clientId: h.client.id, ...body }, headers);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(first.id);
    expect(await rowCount(missions)).toBe(missionsBefore + 1);

    expect((await h.api.post(`/api/v1/missions/${first.id}/validate`)).status).toBe(200);
    const handle = h.env.client.workflow.getHandle(first.workflowId);
    const event = { signatureId: 'yousign-sig-2028', signer: 'Claire Martin', signedAt: (await h.now()).toISOString(), level: 'qualified' };
    const signHeaders = { 'Idempotency-Key': 'sign-tva-2028' };
    const [signed, signedAgain] = await Promise.all([
      h.api.post(`/api/v1/missions/${first.id}/sign`, { signer: 'Claire Martin', signatureId: 'yousign-sig-2028' }, signHeaders),
      handle.signal('signatureReceived', event).then(() => handle.signal('signatureReceived', event)),
    ]).then(async ([response]) => [response, await h.api.post(`/api/v1/missions/${first.id}/sign`, { signer: 'Claire Martin', signatureId: 'yousign-sig-2028' }, signHeaders)]);
    expect(signed!.status, JSON.stringify(signed!.body)).toBe(200);
    expect(signedAgain!.text).toBe(signed!.text);
    const state = await handle.query('state');
    expect(state).toMatchObject({ status: 'active', signature: { signatureId: 'yousign-sig-2028' } });
    expect((state as { lines: unknown[] }).lines).toHaveLength(1);

    const history = await h.api.get(`/api/v1/history?entityType=mission&entityId=${first.id}&pageSize=200`);
    const statusChanges = history.body.items.filter((entry: { field: string | null }) => entry.field === 'status').map((entry: { newValue: string }) => entry.newValue);
    expect(statusChanges).toEqual(['validated', 'signed', 'active']);
  });
});
