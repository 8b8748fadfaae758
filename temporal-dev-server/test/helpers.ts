/** Shared helpers for the temporal-dev-server tests. */
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';

// Tests are quiet: the SDK's workers and bundler log errors only (several tests fail workflows on purpose).
Runtime.install({ logger: new DefaultLogger('ERROR') });

export const BIN = fileURLToPath(new URL('../bin/temporal-dev-server.mjs', import.meta.url));
export const WORKFLOWS = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));

export const serverExecutable = { type: 'existing-path' as const, path: BIN };

let seq = 0;
export function uid(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${++seq}`;
}

/**
 * Fetch every run of the given workflows from the server and replay them all with
 * `Worker.runReplayHistories`; returns the number of histories replayed and any failures.
 */
export async function replayAll(client: Client, workflowIds: Iterable<string>): Promise<{ count: number; errors: string[] }> {
  const histories: { workflowId: string; history: temporal.api.history.v1.IHistory }[] = [];
  for (const workflowId of workflowIds) {
    for (const runId of await runIds(client, workflowId)) {
      const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
      histories.push({ workflowId, history });
    }
  }
  const errors: string[] = [];
  let count = 0;
  for await (const r of Worker.runReplayHistories({ workflowsPath: WORKFLOWS }, histories)) {
    count++;
    if (r.error) errors.push(`${r.workflowId}: ${r.error.name}: ${r.error.message}`);
  }
  return { count, errors };
}

async function runIds(client: Client, workflowId: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const wf of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) ids.push(wf.runId);
  return ids;
}

export function sleepMs(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
