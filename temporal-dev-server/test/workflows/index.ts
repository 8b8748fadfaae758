/** Workflows used by the temporal-dev-server test suite (bundled by the worker). */
import {
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  executeChild,
  getExternalWorkflowHandle,
  isCancellation,
  ParentClosePolicy,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  startChild,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type * as activities from '../activities.ts';

const acts = proxyActivities<typeof activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumAttempts: 5 },
});

export const incrementSignal = defineSignal<[number]>('increment');
export const doneSignal = defineSignal('done');
export const countQuery = defineQuery<number>('count');
export const addUpdate = defineUpdate<number, [number]>('add');

export async function hello(name: string): Promise<string> {
  return `Hello, ${name}!`;
}

/** Counts signals until `done`; queryable; updatable (negative additions are rejected). */
export async function counter(initial = 0): Promise<number> {
  let count = initial;
  let done = false;
  setHandler(incrementSignal, (n) => {
    count += n;
  });
  setHandler(doneSignal, () => {
    done = true;
  });
  setHandler(countQuery, () => count);
  setHandler(
    addUpdate,
    async (n) => {
      count += n;
      await sleep(10);
      return count;
    },
    {
      validator: (n) => {
        if (n < 0) throw new Error('negative additions are not allowed');
      },
    },
  );
  await condition(() => done);
  return count;
}

/** A workflow that keeps its worker busy (local activity) when queried. */
export async function busyCounter(): Promise<number> {
  let count = 0;
  let done = false;
  const local = proxyLocalActivities<typeof activities>({ startToCloseTimeout: '10s' });
  setHandler(countQuery, () => count);
  setHandler(incrementSignal, (n) => {
    count += n;
  });
  setHandler(doneSignal, () => {
    done = true;
  });
  while (!done) {
    await local.slowEcho(count, 300);
    await condition(() => done, '50ms');
  }
  return count;
}

export async function sleeper(ms: number): Promise<number> {
  const before = Date.now();
  await sleep(ms);
  return Date.now() - before;
}

export async function timers(): Promise<string[]> {
  const order: string[] = [];
  await Promise.all([
    sleep('3s').then(() => order.push('3s')),
    sleep('1s').then(() => order.push('1s')),
    sleep('2s').then(() => order.push('2s')),
  ]);
  // A cancelled timer must never fire.
  await CancellationScope.cancellable(async () => {
    const scope = new CancellationScope();
    const p = scope.run(() => sleep('10s'));
    scope.cancel();
    try {
      await p;
    } catch (err) {
      if (isCancellation(err)) order.push('cancelled');
    }
  });
  return order;
}

/** Calls an activity that fails `failures` times before succeeding. */
export async function flakyActivity(key: string, failures: number): Promise<{ result: string; attempts: number[]; elapsedMs: number }> {
  const start = Date.now();
  const a = proxyActivities<typeof activities>({
    startToCloseTimeout: '10s',
    retry: { initialInterval: '2s', backoffCoefficient: 3, maximumAttempts: 5 },
  });
  const out = await a.flaky(key, failures);
  return { ...out, elapsedMs: Date.now() - start };
}

export async function heartbeatTimeout(): Promise<string> {
  const a = proxyActivities<typeof activities>({
    startToCloseTimeout: '30s',
    heartbeatTimeout: '1s',
    retry: { maximumAttempts: 1 },
  });
  try {
    await a.silentForever();
    return 'completed';
  } catch (err) {
    const cause = (err as { cause?: { name?: string; timeoutType?: unknown } }).cause;
    return `${(err as Error).name}:${cause?.name ?? ''}:${String(cause?.timeoutType ?? '')}`;
  }
}

export async function cancelViaHeartbeat(): Promise<string> {
  const a = proxyActivities<typeof activities>({
    startToCloseTimeout: '60s',
    heartbeatTimeout: '5s',
    cancellationType: 'WAIT_CANCELLATION_COMPLETED' as never,
    retry: { maximumAttempts: 1 },
  });
  const scope = new CancellationScope();
  const p = scope.run(() => a.heartbeatUntilCancelled());
  await sleep('500ms');
  scope.cancel();
  try {
    return await p;
  } catch (err) {
    return isCancellation(err) ? 'activity cancelled' : `unexpected: ${String(err)}`;
  }
}

export async function childWorkflow(ms: number): Promise<string> {
  await sleep(ms);
  return `child ${workflowInfo().workflowId} done`;
}

/** Child sleeps forever; reports via signal... just waits to be cancelled or terminated. */
export async function foreverChild(): Promise<void> {
  try {
    await sleep('3650 days');
  } catch (err) {
    if (isCancellation(err)) throw err;
    throw err;
  }
}

export async function parentWithChild(): Promise<string> {
  return executeChild(childWorkflow, { args: [1000], workflowId: `${workflowInfo().workflowId}-child` });
}

/** Starts a forever child with the given policy, then returns (closing the parent). */
export async function parentClosePolicy(policy: 'TERMINATE' | 'ABANDON' | 'REQUEST_CANCEL'): Promise<string> {
  const handle = await startChild(foreverChild, {
    workflowId: `${workflowInfo().workflowId}-child`,
    parentClosePolicy: ParentClosePolicy[`PARENT_CLOSE_POLICY_${policy}`],
  });
  return handle.workflowId;
}

export async function continuer(iteration: number, total: number, acc: number[]): Promise<number[]> {
  const next = [...acc, iteration];
  if (iteration >= 3) return next;
  await sleep('1 day');
  return continueAsNew<typeof continuer>(iteration + 1, total + iteration, next);
}

export async function failing(message: string): Promise<void> {
  throw ApplicationFailure.nonRetryable(message, 'TestFailure');
}

export async function waitForever(): Promise<void> {
  await condition(() => false);
}

/** 1 activity, 1 timer, 1 signal (the bench workflow). */
export async function benchWorkflow(): Promise<string> {
  let signalled = false;
  let stage = 'started';
  setHandler(doneSignal, () => {
    signalled = true;
    stage = 'signalled';
  });
  setHandler(defineQuery<string>('stage'), () => stage);
  await acts.echo('x');
  await sleep('1s');
  await condition(() => signalled);
  return stage;
}

export async function searchable(customer: string, amount: number, tags: string[]): Promise<void> {
  upsertSearchAttributes({ CustomerId: [customer], Amount: [amount], Tags: tags });
  upsertMemo({ stage: 'upserted', customer });
  await condition(() => false, '1 day');
}

export async function signalExternal(targetId: string): Promise<void> {
  await getExternalWorkflowHandle(targetId).signal(incrementSignal, 5);
}

export async function cancelExternal(targetId: string): Promise<void> {
  await getExternalWorkflowHandle(targetId).cancel();
}

/** Activities + a patch marker + a local activity, for replay coverage. */
export async function mixed(): Promise<string> {
  const local = proxyLocalActivities<typeof activities>({ startToCloseTimeout: '5s' });
  const a = await acts.echo('a');
  const b = await local.echo('b');
  if (patched('v2')) await sleep('1h');
  return a + b;
}

/** Runs two activities in sequence with a timer in between; survives worker restarts. */
export async function resumable(key: string): Promise<string[]> {
  const a = proxyActivities<typeof activities>({ startToCloseTimeout: '4s', retry: { initialInterval: '200ms', maximumAttempts: 10 } });
  const first = await a.record(key, 'first');
  const second = await a.slowRecord(key, 'second', 1500);
  await sleep('1s');
  const third = await a.record(key, 'third');
  return [first, second, third];
}

/** A monthly job: sleeps 30 days then runs an activity, `months` times. */
export async function monthly(months: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < months; i++) {
    await sleep('30 days');
    await acts.echo(String(i));
    out.push(Date.now());
  }
  return out;
}

export const memoValue = defineQuery<unknown>('memo');

/** Fails unless this is attempt `succeedOn` (workflow retry policy). */
export async function retried(succeedOn: number): Promise<number> {
  const { attempt } = workflowInfo();
  if (attempt < succeedOn) throw ApplicationFailure.retryable(`attempt ${attempt} failed`, 'Flaky');
  return attempt;
}

export async function slowActivityWorkflow(queue: string, scheduleToCloseMs: number): Promise<string> {
  const a = proxyActivities<typeof activities>({ taskQueue: queue, scheduleToCloseTimeout: scheduleToCloseMs });
  try {
    return await a.echo('never picked up');
  } catch (err) {
    const cause = (err as { cause?: { name?: string } }).cause;
    return `${(err as Error).name}:${cause?.name ?? ''}`;
  }
}

/** A workflow with a bug: every workflow task fails (the SDK retries the task, not the workflow). */
export async function buggy(): Promise<void> {
  throw new TypeError('a bug in workflow code');
}

/** Runs an activity that completes asynchronously (completed by id from outside). */
export async function asyncActivityWorkflow(): Promise<string> {
  const a = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute', heartbeatTimeout: '1 minute' });
  return a.completeLater();
}
