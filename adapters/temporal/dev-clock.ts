import type { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';

/**
 * The clock of a time-skipping development server, moved forward on demand (`POST
 * /api/v1/dev/clock`, demonstrations, simulated years). Only the project's dev server and the
 * SDK's test environment have one; against a real cluster there is none.
 */
export interface DevClock {
  advance(ms: number): Promise<{ now: string }>;
  now(): Promise<string>;
}

/**
 * A dev clock over the Temporal TestService of a connection to the time-skipping dev server
 * (`temporal-dev-server`, or the SDK's test environment): `advance` unlocks time skipping for the
 * requested duration (`UnlockTimeSkippingWithSleep`), so every timer due on the way fires, in
 * order, with the workers catching up between them; `now` reads the server's clock.
 */
export function testServiceClock(connection: Connection): DevClock {
  const testService = connection.testService;
  if (!testService) throw new Error('This connection has no TestService: not a development server');
  const now = async () => {
    const { time } = await testService.getCurrentTime({});
    return new Date(Number(time?.seconds ?? 0) * 1000 + Math.floor((time?.nanos ?? 0) / 1e6)).toISOString();
  };
  return {
    now,
    async advance(ms: number) {
      await testService.unlockTimeSkippingWithSleep({ duration: msToTs(ms) });
      return { now: await now() };
    },
  };
}

/** A dev clock over the embedded dev server running in this process (main.ts). */
export function embeddedServerClock(server: { advanceClock(ms: number): Promise<number>; now(): number }): DevClock {
  return {
    advance: async (ms) => ({ now: new Date(await server.advanceClock(ms)).toISOString() }),
    now: async () => new Date(server.now()).toISOString(),
  };
}
