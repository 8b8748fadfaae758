/**
 * The Temporal UI server: the built single-page app, the UI server's own routes
 * (`GET /api/v1/settings`, the history download `…/run/{runId}/history.json`) and Temporal's HTTP
 * API under `/api/v1`, all dispatched in-process to the running server. While the first build
 * runs, pages answer 503 with a page that reloads itself.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import * as http from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { RunningServer } from '../server.ts';
import { createGateway, sendJson, type Gateway } from './gateway.ts';
import { ensureUiBuilt, packageVersion } from './ui-assets.ts';

export interface UiOptions {
  /** Port; 0 picks a free one. */
  port: number;
  /** Interface; default 127.0.0.1 (the UI can start, signal, cancel and terminate workflows). */
  host?: string;
  /** Namespace the UI opens on; default: the server's default namespace. */
  defaultNamespace?: string;
  /** Switch every write action (start, signal, cancel, terminate, reset, batch) off. */
  disableWriteActions?: boolean;
  /** A folder of built files to serve instead of building temporal-dev-server/ui. */
  assetsDir?: string;
  /** Receives the build's progress lines (default: stderr). */
  progress?: (line: string) => void;
}

export interface RunningUi {
  port: number;
  host: string;
  /** http://host:port */
  url: string;
  /** Resolves once the UI's files are built and served (rejects if the build fails). */
  ready: Promise<void>;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

const RAW_HISTORY = /^\/api\/v1\/namespaces\/([^/]+)\/workflows\/([^/]+)\/run\/([^/]+)\/history\.json$/;

export async function startUi(server: RunningServer, opts: UiOptions): Promise<RunningUi> {
  const gateway = createGateway(server.state);
  const host = opts.host ?? '127.0.0.1';
  let assets: string | undefined;
  let buildError: Error | undefined;
  const stopBuild = new AbortController();
  const ready = (opts.assetsDir ? Promise.resolve(opts.assetsDir) : ensureUiBuilt(opts.progress, stopBuild.signal)).then(
    (dir) => {
      assets = dir;
    },
    (err: unknown) => {
      buildError = err instanceof Error ? err : new Error(String(err));
      throw buildError;
    },
  );
  ready.catch(() => undefined);

  const settings = {
    Auth: { Enabled: false, Options: [] as string[] },
    BannerText: '',
    DefaultNamespace: opts.defaultNamespace ?? server.state.defaultNamespace,
    ShowTemporalSystemNamespace: false,
    FeedbackURL: '',
    NotifyOnNewVersion: false,
    Codec: { Endpoint: '', PassAccessToken: false, IncludeCredentials: false, DefaultErrorMessage: '', DefaultErrorLink: '' },
    Version: packageVersion('@temporalio/ui') ?? '2.38.0',
    DisableWriteActions: !!opts.disableWriteActions,
    WorkflowTerminateDisabled: false,
    WorkflowCancelDisabled: false,
    WorkflowSignalDisabled: false,
    WorkflowUpdateDisabled: false,
    WorkflowResetDisabled: false,
    BatchActionsDisabled: false,
    StartWorkflowDisabled: false,
    HideWorkflowQueryErrors: false,
    RefreshWorkflowCountsDisabled: false,
  };

  const h = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      server.state.log.error('ui server error', { error: err instanceof Error ? err.stack : String(err) });
      if (!res.headersSent) sendJson(res, 500, { code: 13, message: 'internal error', details: [] });
      else res.destroy();
    });
  });

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path === '/api/v1/settings') return sendJson(res, 200, settings);
    const raw = RAW_HISTORY.exec(path);
    if (raw && req.method === 'GET') return rawHistory(gateway, res, raw.slice(1).map((s) => decodeURIComponent(s)) as [string, string, string]);
    if (path.startsWith('/api/')) {
      if (path.startsWith('/api/v1/') && (await gateway.handle(req, res))) return;
      return sendJson(res, 404, { code: 5, message: `Not Found: ${path}`, details: [] });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      res.end();
      return;
    }
    if (!assets) return building(res, buildError);
    serveStatic(assets, path, res, req.method === 'HEAD');
  };

  const port = await new Promise<number>((resolvePort, reject) => {
    h.once('error', reject);
    h.listen(opts.port, host, () => {
      h.off('error', reject);
      const a = h.address();
      resolvePort(typeof a === 'object' && a ? a.port : opts.port);
    });
  });
  return {
    port,
    host,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    ready,
    close: () =>
      new Promise<void>((ok) => {
        stopBuild.abort();
        h.closeAllConnections();
        h.close(() => ok());
      }),
  };
}

function serveStatic(root: string, path: string, res: http.ServerResponse, headOnly: boolean): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    decoded = '/';
  }
  const file = normalize(join(root, decoded));
  const inside = file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);
  let target = join(root, 'index.html');
  let immutable = false;
  if (inside && existsSync(file) && statSync(file).isFile()) {
    target = file;
    immutable = decoded.startsWith('/_app/immutable/');
  }
  const type = CONTENT_TYPES[extname(target)] ?? 'application/octet-stream';
  res.writeHead(200, {
    'content-type': type,
    'content-length': statSync(target).size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (headOnly) {
    res.end();
    return;
  }
  createReadStream(target).pipe(res);
}

function building(res: http.ServerResponse, error: Error | undefined): void {
  const body = error
    ? `<!doctype html><html lang="en"><meta charset="utf-8"><title>Temporal UI</title><h1>The Temporal UI could not be built</h1><pre>${escapeHtml(error.message)}</pre></html>`
    : `<!doctype html><html lang="en"><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>Temporal UI</title><p>The Temporal UI is being built (first start only); this page reloads by itself.</p></html>`;
  res.writeHead(error ? 500 : 503, { 'content-type': 'text/html; charset=utf-8', 'retry-after': '5', 'cache-control': 'no-store' });
  res.end(body);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** The UI server's history download: every event of the run, as a JSON array. */
async function rawHistory(gateway: Gateway, res: http.ServerResponse, [namespace, workflowId, runId]: [string, string, string]): Promise<void> {
  const events: unknown[] = [];
  let nextPageToken: string | undefined;
  try {
    do {
      const page = (await gateway.call('temporal.api.workflowservice.v1.WorkflowService', 'GetWorkflowExecutionHistory', {
        namespace,
        execution: { workflowId, runId },
        ...(nextPageToken ? { nextPageToken } : {}),
      })) as { history?: { events?: unknown[] }; nextPageToken?: string };
      events.push(...(page.history?.events ?? []));
      nextPageToken = page.nextPageToken;
    } while (nextPageToken);
  } catch (err) {
    const e = err as { code?: number; message?: string };
    return sendJson(res, e.code === 5 ? 404 : e.code === 3 ? 400 : 500, { code: e.code ?? 13, message: e.message ?? String(err), details: [] });
  }
  const text = JSON.stringify(events);
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'content-disposition': `attachment; filename="${encodeURIComponent(`${workflowId}_${runId}.json`)}"`,
  });
  res.end(text);
}
