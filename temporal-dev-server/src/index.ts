/**
 * temporal-dev-server: an in-memory, Temporal-compatible development and test server with time
 * skipping. See README.md.
 *
 *   const server = await start({ port: 7233 });
 *   // Connection.connect({ address: server.address }) ...
 *   await server.advanceClock(30 * 24 * 3600 * 1000); // a month later
 *   await server.stop();
 */
import { startServer, type RunningServer, type StartOptions } from './server.ts';

export type { RunningServer, StartOptions };
export type { LogLevel } from './log.ts';
export type { SearchAttributeType } from './namespaces.ts';

export function start(opts: StartOptions = {}): Promise<RunningServer> {
  return startServer(opts);
}
export { connectClock, type ClockClient } from './control-client.ts';
