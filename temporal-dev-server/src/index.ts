/**
 * temporal-dev-server: an in-memory, Temporal-compatible development and test server with time
 * skipping. See README.md.
 *
 *   const server = await start({ port: 7233 });
 *   // Connection.connect({ address: server.address }) ...
 *   await server.advanceClock(30 * 24 * 3600 * 1000); // a month later
 *   await server.stop();
 */
import { startHttpApi, type RunningHttpApi } from './http/http-api.ts';
import { startUi, type RunningUi, type UiOptions } from './http/ui-server.ts';
import { startServer, type RunningServer, type StartOptions } from './server.ts';

export type { RunningServer, StartOptions, RunningHttpApi, RunningUi, UiOptions };
export type { LogLevel } from './log.ts';
export type { SearchAttributeType } from './namespaces.ts';

export interface EmbeddedStartOptions extends StartOptions {
  /** Serve Temporal's HTTP API on this port (0 = any free port); off when undefined. */
  httpPort?: number;
  /** Serve the Temporal UI (port 0 = any free port); off when undefined. */
  ui?: UiOptions;
}

export interface EmbeddedServer extends RunningServer {
  httpApi?: RunningHttpApi;
  ui?: RunningUi;
}

export async function start(opts: EmbeddedStartOptions = {}): Promise<EmbeddedServer> {
  const { httpPort, ui: uiOptions, ...serverOptions } = opts;
  const server: EmbeddedServer = await startServer(serverOptions);
  if (httpPort === undefined && uiOptions === undefined) return server;
  const stopServer = server.stop;
  try {
    if (httpPort !== undefined) server.httpApi = await startHttpApi(server, { port: httpPort, host: server.host });
    if (uiOptions !== undefined) server.ui = await startUi(server, uiOptions);
  } catch (err) {
    await server.httpApi?.close();
    await stopServer();
    throw err;
  }
  server.stop = async () => {
    await Promise.all([server.httpApi?.close(), server.ui?.close()]);
    await stopServer();
  };
  return server;
}
export { connectClock, type ClockClient } from './control-client.ts';
export { startHttpApi, startUi };
