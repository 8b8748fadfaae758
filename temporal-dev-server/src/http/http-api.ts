/**
 * Temporal's HTTP API on its own port (`--http-port`, 7243 by default in CLI form): every route of
 * the protos' `google.api.http` annotations, bare and under `/api/v1`.
 */
import * as http from 'node:http';
import type { RunningServer } from '../server.ts';
import { createGateway, sendJson } from './gateway.ts';

export interface RunningHttpApi {
  port: number;
  host: string;
  /** http://host:port */
  url: string;
  close(): Promise<void>;
}

export async function startHttpApi(server: RunningServer, opts: { port: number; host?: string }): Promise<RunningHttpApi> {
  const gateway = createGateway(server.state);
  const host = opts.host ?? server.host;
  const h = http.createServer((req, res) => {
    gateway
      .handle(req, res)
      .then((handled) => {
        if (!handled) sendJson(res, 404, { code: 5, message: `Not Found: ${new URL(req.url ?? '/', 'http://localhost').pathname}`, details: [] });
      })
      .catch((err: unknown) => {
        server.state.log.error('http api error', { error: err instanceof Error ? err.stack : String(err) });
        if (!res.headersSent) sendJson(res, 500, { code: 13, message: 'internal error', details: [] });
      });
  });
  const port = await new Promise<number>((resolve, reject) => {
    h.once('error', reject);
    h.listen(opts.port, host, () => {
      h.off('error', reject);
      const a = h.address();
      resolve(typeof a === 'object' && a ? a.port : opts.port);
    });
  });
  return {
    port,
    host,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((ok) => {
        h.closeAllConnections();
        h.close(() => ok());
      }),
  };
}
