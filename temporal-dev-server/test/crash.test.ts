/**
 * A worker killed in the middle of a workflow, then started again, resumes it: the workflow
 * completes and no activity result is lost.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { start, type RunningServer } from '../src/index.ts';
import { replayAll, sleepMs, uid } from './helpers.ts';
import { resumable } from './workflows/index.ts';

const WORKER_SCRIPT = fileURLToPath(new URL('./crash/worker.ts', import.meta.url));

function startWorker(address: string, taskQueue: string, log: string, tag: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_SCRIPT], {
    env: { ...process.env, CRASH_ADDRESS: address, CRASH_TASK_QUEUE: taskQueue, CRASH_LOG: log, CRASH_TAG: tag },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

describe('worker crash and restart', () => {
  let server: RunningServer;
  let connection: Connection;
  let client: Client;
  const children: ChildProcess[] = [];
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tds-crash-')), 'activities.log');

  beforeAll(async () => {
    server = await start({ port: 0 });
    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection });
  });

  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await connection?.close();
    await server?.stop();
  });

  it('resumes a workflow on a new worker with no activity result lost', async () => {
    const taskQueue = uid('crash');
    const workflowId = uid('resumable');
    const w1 = await startWorker(server.address, taskQueue, log, 'w1');
    children.push(w1);
    const handle = await client.workflow.start(resumable, { taskQueue, workflowId, args: [workflowId], workflowTaskTimeout: '2s' });

    // Kill the worker while the second (slow) activity runs.
    const deadline = Date.now() + 20_000;
    while (!fs.existsSync(log) || !fs.readFileSync(log, 'utf8').includes(`w1 start ${workflowId} second`)) {
      if (Date.now() > deadline) throw new Error('second activity never started');
      await sleepMs(20);
    }
    w1.kill('SIGKILL');
    await new Promise((r) => w1.once('exit', r));

    const w2 = await startWorker(server.address, taskQueue, log, 'w2');
    children.push(w2);
    const result = await handle.result();

    expect(result[0]).toBe('first@attempt1');
    expect(result[1]).toMatch(/^second@attempt[2-9]$/);
    expect(result[2]).toMatch(/^third@attempt1$/);
    const lines = fs.readFileSync(log, 'utf8').trim().split('\n');
    // The first activity's result survived the crash: it ran exactly once.
    expect(lines.filter((l) => l.includes(`done ${workflowId} first`))).toEqual([`w1 done ${workflowId} first 1`]);
    expect(lines.some((l) => l.startsWith(`w2 done ${workflowId} second`))).toBe(true);

    const { errors } = await replayAll(client, [workflowId]);
    expect(errors).toEqual([]);
  });
});
