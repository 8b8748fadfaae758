/** Cron workflows (`cronSchedule` on a start): the schedule language, and the runs that follow each other. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { backoffToNextRun, parseCron } from '../src/cron.ts';
import { start, type RunningServer } from '../src/index.ts';
import * as activities from './activities.ts';
import { sleepMs, uid, WORKFLOWS } from './helpers.ts';
import { hello } from './workflows/index.ts';

const at = (iso: string) => Date.parse(iso);
const next = (spec: string, after: string) => new Date(parseCron(spec)!(at(after))).toISOString();

describe('cron schedules', () => {
  it('finds the next time of five-field expressions and descriptors, in UTC', () => {
    expect(next('*/15 * * * *', '2027-01-01T10:07:30Z')).toBe('2027-01-01T10:15:00.000Z');
    expect(next('0 9 * * 1-5', '2027-01-01T10:00:00Z')).toBe('2027-01-04T09:00:00.000Z'); // Friday → Monday
    expect(next('30 2 1,15 * *', '2027-02-15T02:30:00Z')).toBe('2027-03-01T02:30:00.000Z');
    expect(next('0 0 29 2 *', '2027-01-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    // Both day fields restricted: either matches (the 13th, or any Friday).
    expect(next('0 0 13 * 5', '2027-01-01T00:00:00Z')).toBe('2027-01-08T00:00:00.000Z');
    expect(next('@hourly', '2027-01-01T10:00:00Z')).toBe('2027-01-01T11:00:00.000Z');
    expect(next('@every 1m30s', '2027-01-01T10:00:00.400Z')).toBe('2027-01-01T10:01:30.000Z');
  });

  it('refuses what is not a schedule', () => {
    for (const bad of ['', '* * * *', '60 * * * *', '* * 0 * *', '5-1 * * * *', '@every', '@every 2x', '@every 10ms', '@often']) expect(parseCron(bad), bad).toBeUndefined();
  });

  it('runs next at the first schedule time after the closing run started that is not before its close', () => {
    const everyHour = parseCron('0 * * * *')!;
    expect(backoffToNextRun(everyHour, at('2027-01-01T10:00:00Z'), at('2027-01-01T10:20:00Z'))).toBe(40 * 60_000);
    // A run longer than the interval skips the times it overran.
    expect(backoffToNextRun(everyHour, at('2027-01-01T10:00:00Z'), at('2027-01-01T12:30:00Z'))).toBe(30 * 60_000);
  });
});

describe('a cron workflow', () => {
  let server: RunningServer;
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    server = await start({ port: 0 });
    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection });
  });
  afterAll(async () => {
    await connection?.close();
    await server?.stop();
  });

  it('refuses an invalid schedule', async () => {
    const request = { namespace: 'default', workflowId: uid('cron'), workflowType: { name: 'hello' }, taskQueue: { name: uid('cron') }, cronSchedule: 'every day' };
    await expect(connection.workflowService.startWorkflowExecution(request)).rejects.toThrow(/3 INVALID_ARGUMENT: Invalid CronSchedule/);
  });

  it('waits for each schedule time, completes each run and starts the next, until terminated', { timeout: 120_000 }, async () => {
    const taskQueue = uid('cron');
    const workflowId = uid('cron');
    const handle = await client.workflow.start(hello, { taskQueue, workflowId, args: ['cron'], cronSchedule: '@every 2s' });
    const first = await handle.describe();
    expect(first.executionTime!.getTime() - first.startTime.getTime()).toBeGreaterThan(0);
    const worker = await Worker.create({ connection: await NativeConnection.connect({ address: server.address }), taskQueue, workflowsPath: WORKFLOWS, activities });
    const Status = temporal.api.enums.v1.WorkflowExecutionStatus;
    const runs = () => connection.workflowService.listWorkflowExecutions({ namespace: 'default', query: `WorkflowId = '${workflowId}'` });
    await worker.runUntil(async () => {
      for (let i = 0; i < 100; i++) {
        const { executions } = await runs();
        if (executions.filter((e) => e.status === Status.WORKFLOW_EXECUTION_STATUS_COMPLETED).length >= 2) break;
        await sleepMs(200);
      }
    });
    const { executions } = await runs();
    expect(executions.filter((e) => e.status === Status.WORKFLOW_EXECUTION_STATUS_COMPLETED).length).toBeGreaterThanOrEqual(2);
    expect(executions.filter((e) => e.status === Status.WORKFLOW_EXECUTION_STATUS_RUNNING)).toHaveLength(1);
    const history = await client.workflow.getHandle(workflowId, first.runId).fetchHistory();
    const completed = history.events!.find((e) => e.workflowExecutionCompletedEventAttributes)!;
    expect(completed.workflowExecutionCompletedEventAttributes!.newExecutionRunId).toBeTruthy();

    await client.workflow.getHandle(workflowId).terminate('enough');
    await sleepMs(2500);
    const after = await runs();
    expect(after.executions.filter((e) => e.status === Status.WORKFLOW_EXECUTION_STATUS_RUNNING)).toHaveLength(0);
  });
});
