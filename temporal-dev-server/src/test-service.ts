/**
 * temporal.api.testservice.v1.TestService: time skipping control.
 *
 * In time-skipping mode these behave as the Java test server's. Without time skipping (CLI form
 * by default), `Sleep`, `SleepUntil` and `UnlockTimeSkippingWithSleep` advance the clock by the
 * requested amount at once (timers on the way fire one by one), which is how a developer moves a
 * dev server forward in time.
 */
import type { CallContext, Handlers } from './grpc.ts';
import { failedPrecondition } from './errors.ts';
import { durMs, msFromTs, tsFromMs, type temporal } from './proto.ts';
import type { ServerState } from './state.ts';

type TS = typeof temporal.api.testservice.v1;
type Req<K extends keyof TS> = TS[K] extends { decode(...a: never[]): infer R } ? R : never;

export function testServiceHandlers(s: ServerState): Handlers {
  const { clock } = s;
  const sleepFor = async (ms: number, ctx: CallContext): Promise<void> => {
    if (clock.timeSkipping) await clock.sleepUntil(clock.now() + ms, ctx.signal);
    else await clock.advance(ms);
  };
  return {
    LockTimeSkipping: () => {
      clock.lockSkipping();
      return {};
    },
    UnlockTimeSkipping: () => {
      try {
        clock.unlockSkipping();
      } catch (err) {
        throw failedPrecondition((err as Error).message);
      }
      return {};
    },
    Sleep: async (r: Req<'SleepRequest'>, ctx: CallContext) => {
      await sleepFor(durMs(r.duration) ?? 0, ctx);
      return {};
    },
    SleepUntil: async (r: Req<'SleepUntilRequest'>, ctx: CallContext) => {
      const at = msFromTs(r.timestamp) ?? clock.now();
      await sleepFor(Math.max(0, at - clock.now()), ctx);
      return {};
    },
    UnlockTimeSkippingWithSleep: async (r: Req<'SleepRequest'>, ctx: CallContext) => {
      const ms = durMs(r.duration) ?? 0;
      if (!clock.timeSkipping) {
        await clock.advance(ms);
        return {};
      }
      try {
        clock.unlockSkipping();
      } catch (err) {
        throw failedPrecondition((err as Error).message);
      }
      try {
        await clock.sleepUntil(clock.now() + ms, ctx.signal);
      } finally {
        clock.lockSkipping();
      }
      return {};
    },
    GetCurrentTime: () => ({ time: tsFromMs(clock.now()) }),
  };
}
