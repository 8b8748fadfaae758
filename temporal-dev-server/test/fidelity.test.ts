/**
 * Behaviours found by running the official temporalio/features suite against the server, each
 * checked here as a real cluster behaves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { start, type RunningServer } from '../src/index.ts';
import * as activities from './activities.ts';
import { sleepMs, uid, WORKFLOWS } from './helpers.ts';
import { counter, doneSignal, slowActivityWorkflow } from './workflows/index.ts';

const { EventType, CommandType, TimeoutType, WorkflowTaskFailedCause } = temporal.api.enums.v1;

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

describe('fidelity to a real cluster', () => {
  it('counts a bare GROUP BY ExecutionStatus, as the Temporal UI sends it', async () => {
    await client.workflow.start(counter, { taskQueue: uid('nobody'), workflowId: uid('grouped') });
    const res = await connection.workflowService.countWorkflowExecutions({ namespace: 'default', query: 'GROUP BY ExecutionStatus' });
    expect(Number(res.count)).toBeGreaterThanOrEqual(1);
    const running = res.groups?.find((g) => new TextDecoder().decode(g.groupValues?.[0]?.data ?? new Uint8Array()) === '"Running"');
    expect(Number(running?.count)).toBeGreaterThanOrEqual(1);
  });

  it('reports a schedule-to-start timeout when it falls on the same instant as schedule-to-close', { timeout: 180_000 }, async () => {
    const taskQueue = uid('tie');
    const workflowId = uid('tie');
    const worker = await Worker.create({ connection: await NativeConnection.connect({ address: server.address }), taskQueue, workflowsPath: WORKFLOWS, activities });
    // Nobody polls the activity's queue: both deadlines are 300 ms after scheduling.
    const out = await worker.runUntil(client.workflow.execute(slowActivityWorkflow, { taskQueue, workflowId, args: [uid('nobody'), 300] }));
    expect(out).toBe('ActivityFailure:TimeoutFailure');
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const timedOut = history.events?.find((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT);
    expect(timedOut?.activityTaskTimedOutEventAttributes?.failure?.timeoutFailureInfo?.timeoutType).toBe(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START);
  });

  it('advertises that it completes polls on worker shutdown', async () => {
    const res = await connection.workflowService.describeNamespace({ namespace: 'default' });
    expect(res.namespaceInfo?.capabilities?.workerPollCompleteOnShutdown).toBe(true);
  });

  it("answers a shutting-down worker's own polls at once, and only its own", async () => {
    const taskQueue = uid('shutdown');
    const poll = (workerInstanceKey: string) =>
      connection.workflowService.pollActivityTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity: 'same-process', workerInstanceKey });
    const settled = (p: Promise<unknown>) => Promise.race([p.then(() => true), sleepMs(2000).then(() => false)]);
    const first = poll('worker-1');
    const second = poll('worker-2');
    await sleepMs(200);
    const TQ = temporal.api.enums.v1.TaskQueueType;
    await connection.workflowService.shutdownWorker({ namespace: 'default', identity: 'same-process', workerInstanceKey: 'worker-1', taskQueue, taskQueueTypes: [TQ.TASK_QUEUE_TYPE_ACTIVITY] });
    expect(await settled(first)).toBe(true);
    expect((await first).taskToken?.length ?? 0).toBe(0);
    expect(await settled(second)).toBe(false);
    await connection.workflowService.shutdownWorker({ namespace: 'default', identity: 'same-process', workerInstanceKey: 'worker-2', taskQueue, taskQueueTypes: [TQ.TASK_QUEUE_TYPE_ACTIVITY] });
    expect(await settled(second)).toBe(true);
  });

  it('fills the history size in DescribeWorkflowExecution', async () => {
    const workflowId = uid('sized');
    const handle = await client.workflow.start(counter, { taskQueue: uid('nobody'), workflowId });
    await handle.signal(doneSignal);
    const res = await connection.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId } });
    const history = await handle.fetchHistory();
    expect(Number(res.workflowExecutionInfo?.historySizeBytes)).toBe(temporal.api.history.v1.History.encode(history).finish().length);
  });

  it('fails the workflow task of a continue-as-new command without attributes', async () => {
    const taskQueue = uid('raw');
    const workflowId = uid('bad-can');
    await client.workflow.start(counter, { taskQueue, workflowId });
    const task = await connection.workflowService.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, identity: 'raw-test' });
    await connection.workflowService.respondWorkflowTaskCompleted({
      namespace: 'default',
      taskToken: task.taskToken,
      identity: 'raw-test',
      commands: [{ commandType: CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION }],
    });
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const failed = history.events?.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
    expect(failed?.workflowTaskFailedEventAttributes?.cause).toBe(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_CONTINUE_AS_NEW_ATTRIBUTES);
    expect((await client.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');
  });
});
