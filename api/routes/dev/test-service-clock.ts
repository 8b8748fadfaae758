import type { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import type { AppDeps } from '../../context.ts';

export type DevClock = NonNullable<AppDeps['devClock']>;

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
