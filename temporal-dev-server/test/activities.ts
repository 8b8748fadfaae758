/** Activities for the temporal-dev-server test suite. */
import { Context, CancelledFailure } from '@temporalio/activity';

export async function echo(s: string): Promise<string> {
  return s;
}

export async function slowEcho(n: number, ms: number): Promise<number> {
  await new Promise((r) => setTimeout(r, ms));
  return n;
}

const flakyAttempts = new Map<string, number[]>();

/** Fails `failures` times, then succeeds; returns the attempts' scheduled times (server clock). */
export async function flaky(key: string, failures: number): Promise<{ result: string; attempts: number[] }> {
  const info = Context.current().info;
  const list = flakyAttempts.get(key) ?? [];
  list.push(info.currentAttemptScheduledTimestampMs);
  flakyAttempts.set(key, list);
  if (info.attempt <= failures) throw new Error(`failure #${info.attempt}`);
  return { result: `ok after ${info.attempt} attempts`, attempts: list };
}

export async function silentForever(): Promise<void> {
  // Never heartbeats: the server must time it out, and cancel it here.
  await Context.current().sleep(60_000).catch(() => undefined);
}

export async function heartbeatUntilCancelled(): Promise<string> {
  const ctx = Context.current();
  for (;;) {
    ctx.heartbeat('tick');
    try {
      await ctx.sleep(100);
    } catch (err) {
      if (err instanceof CancelledFailure) throw err;
      throw err;
    }
  }
}

/** Completed activity results, per key, shared with the crash test through a file. */
export const records = new Map<string, string[]>();

export async function record(key: string, what: string): Promise<string> {
  const list = records.get(key) ?? [];
  list.push(what);
  records.set(key, list);
  return `${what}@attempt${Context.current().info.attempt}`;
}

export async function slowRecord(key: string, what: string, ms: number): Promise<string> {
  await Context.current().sleep(ms);
  return record(key, what);
}

/** Hands its completion to someone else (client.activity.complete by workflow id + activity id). */
export async function completeLater(): Promise<string> {
  const { CompleteAsyncError } = await import('@temporalio/activity');
  throw new CompleteAsyncError();
}
