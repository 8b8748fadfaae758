/**
 * Out-of-process clock control: a tiny TestService client over gRPC, for code that talks to a
 * temporal-dev-server it did not start in-process (e.g. one launched as `server start-dev`).
 *
 *   const clock = connectClock('127.0.0.1:7233');
 *   await clock.advance(30 * 24 * 3600 * 1000);   // TestService.Sleep: jump a month ahead
 *   console.log(new Date(await clock.now()));      // TestService.GetCurrentTime
 *   clock.close();
 */
import * as grpc from '@grpc/grpc-js';
import { api, durFromMs, msFromTs } from './proto.ts';

export interface ClockClient {
  /** Move the server clock forward by `ms` (fires the timers on the way); resolves with the new time. */
  advance(ms: number): Promise<number>;
  /** Current server time, ms since epoch. */
  now(): Promise<number>;
  close(): void;
}

const SERVICE = '/temporal.api.testservice.v1.TestService/';

export function connectClock(address: string): ClockClient {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  const T = api.testservice.v1;
  const call = <Res>(method: string, bytes: Uint8Array, decode: (b: Uint8Array) => Res): Promise<Res> =>
    new Promise((resolve, reject) => {
      client.makeUnaryRequest(
        SERVICE + method,
        (b: Uint8Array) => Buffer.from(b),
        (b: Buffer) => decode(b),
        bytes,
        (err, res) => (err || res === undefined ? reject(err ?? new Error('empty response')) : resolve(res)),
      );
    });
  const now = async (): Promise<number> => {
    const res = await call('GetCurrentTime', new Uint8Array(0), (b) => T.GetCurrentTimeResponse.decode(b));
    return msFromTs(res.time) ?? 0;
  };
  return {
    now,
    advance: async (ms: number) => {
      await call('Sleep', T.SleepRequest.encode({ duration: durFromMs(ms) }).finish(), (b) => T.SleepResponse.decode(b));
      return now();
    },
    close: () => client.close(),
  };
}
