/**
 * Command line: the two launch forms the Temporal SDK uses.
 *
 *   temporal-dev-server <port> [--enable-time-skipping]                     (Java test-server form)
 *   temporal-dev-server server start-dev --port <p> [--namespace N]... [--ip A]
 *       [--search-attribute Name=Type]... [--log-level L] [--enable-time-skipping]
 *       [--control-port P] [--db-filename F]                                              (Temporal CLI form)
 *
 * Log level: --log-level or TEMPORAL_DEV_SERVER_LOG_LEVEL (the environment wins); silent by default.
 */
import * as http from 'node:http';
import { parseLogLevel, type LogLevel } from './log.ts';
import { startServer, type RunningServer, type StartOptions } from './server.ts';
import { startHttpApi } from './http/http-api.ts';
import { startUi } from './http/ui-server.ts';

export interface ParsedArgs {
  options: StartOptions;
  controlPort?: number;
  /** Temporal's HTTP API (CLI form: --http-port, default gRPC port + 10, i.e. 7243). */
  httpPort?: number;
  /** True when --http-port was given (a busy default port is only a warning). */
  httpPortExplicit?: boolean;
  /** The Temporal UI (CLI form: --ui-port, default gRPC port + 1000, i.e. 8233; off with --headless). */
  uiPort?: number;
  uiPortExplicit?: boolean;
  /** Interface of the UI (--ui-ip); default 127.0.0.1. */
  uiHost?: string;
  ignored: string[];
}

const IGNORED_WITH_VALUE = new Set([
  '--log-format',
  '--dynamic-config-value',
  '--ui-public-path',
  '--metrics-port',
  '--log-config',
  '--sqlite-pragma',
  '--config',
  '--env',
  '--tls-cert-path',
  '--tls-key-path',
  '--tls-ca-path',
  '--ui-asset-path',
  '--ui-codec-endpoint',
  '--grpc-port',
]);

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ParsedArgs {
  const ignored: string[] = [];
  const options: StartOptions = {};
  let controlPort: number | undefined;
  let httpPort: number | undefined;
  let uiPort: number | undefined;
  let uiHost: string | undefined;
  let headless = false;
  let cliForm = false;
  let logLevel: LogLevel | undefined;
  const args = [...argv];
  const value = (flag: string, inline: string | undefined): string => {
    if (inline !== undefined) return inline;
    const v = args.shift();
    if (v === undefined) throw new Error(`missing value for ${flag}`);
    return v;
  };

  if (args[0] === 'server' && args[1] === 'start-dev') {
    // CLI form: time skipping off unless asked for.
    args.splice(0, 2);
    cliForm = true;
    options.port = 7233;
    options.timeSkipping = false;
    const namespaces: string[] = [];
    const searchAttributes: Record<string, string> = {};
    while (args.length) {
      const raw = args.shift()!;
      const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
      const flag = eq > 0 ? raw.slice(0, eq) : raw;
      const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
      switch (flag) {
        case '--port':
        case '-p':
          options.port = Number(value(flag, inline));
          break;
        case '--namespace':
        case '-n':
          namespaces.push(value(flag, inline));
          break;
        case '--ip':
          options.host = value(flag, inline);
          break;
        case '--search-attribute': {
          const v = value(flag, inline);
          const i = v.indexOf('=');
          if (i <= 0) throw new Error(`--search-attribute expects Name=Type, got "${v}"`);
          searchAttributes[v.slice(0, i)] = v.slice(i + 1);
          break;
        }
        case '--log-level':
          logLevel = parseLogLevel(value(flag, inline));
          break;
        case '--enable-time-skipping':
          options.timeSkipping = true;
          options.startLocked = false;
          break;
        case '--control-port':
          controlPort = Number(value(flag, inline));
          break;
        case '--start-time':
          options.startTime = parseStartTime(value(flag, inline));
          break;
        case '--db-filename':
          options.dbFilename = value(flag, inline);
          break;
        case '--headless':
          headless = true;
          break;
        case '--http-port':
          httpPort = Number(value(flag, inline));
          break;
        case '--ui-port':
          uiPort = Number(value(flag, inline));
          break;
        case '--ui-ip':
          uiHost = value(flag, inline);
          break;
        default:
          if (IGNORED_WITH_VALUE.has(flag)) {
            const v = inline ?? (args[0] !== undefined && !args[0].startsWith('--') ? args.shift() : undefined);
            ignored.push(v !== undefined ? `${flag} ${v}` : flag);
          } else {
            ignored.push(raw);
          }
      }
    }
    if (namespaces.length) {
      options.namespace = namespaces[0];
      options.namespaces = namespaces.slice(1);
    }
    if (Object.keys(searchAttributes).length) options.searchAttributes = searchAttributes;
  } else {
    // Test-server form: <port> [--enable-time-skipping]; time skipping on, locked unless the flag is given.
    const port = args.shift();
    if (port === undefined || !/^\d+$/.test(port)) {
      throw new Error(`usage: temporal-dev-server <port> [--enable-time-skipping] | temporal-dev-server server start-dev --port <port> ...`);
    }
    options.port = Number(port);
    options.timeSkipping = true;
    options.startLocked = true;
    while (args.length) {
      const raw = args.shift()!;
      if (raw === '--enable-time-skipping') options.startLocked = false;
      else if (raw === '--log-level') logLevel = parseLogLevel(args.shift());
      else if (raw.startsWith('--log-level=')) logLevel = parseLogLevel(raw.slice('--log-level='.length));
      else if (raw === '--control-port') controlPort = Number(args.shift());
      else if (raw === '--start-time') options.startTime = parseStartTime(args.shift());
      else if (raw === '--db-filename') options.dbFilename = args.shift();
      else ignored.push(raw);
    }
  }
  options.logLevel = parseLogLevel(env.TEMPORAL_DEV_SERVER_LOG_LEVEL) ?? logLevel ?? 'silent';
  const parsed: ParsedArgs = { options, controlPort, ignored };
  if (cliForm) {
    // As the real CLI: the HTTP API and the UI are on unless --headless turns the UI off.
    parsed.httpPortExplicit = httpPort !== undefined;
    parsed.httpPort = httpPort ?? (options.port ? options.port + 10 : undefined);
    if (!headless) {
      parsed.uiPortExplicit = uiPort !== undefined;
      parsed.uiPort = uiPort ?? (options.port ? options.port + 1000 : 0);
      if (uiHost !== undefined) parsed.uiHost = uiHost;
    }
  }
  return parsed;
}

/** An RFC 3339 instant for `--start-time`. */
function parseStartTime(v: string | undefined): number {
  const at = v === undefined ? Number.NaN : Date.parse(v);
  if (Number.isNaN(at)) throw new Error(`--start-time expects an RFC 3339 instant such as 2026-01-01T00:00:00Z, got "${v}"`);
  return at;
}

/** Parse "90s", "15m", "2h", "7d", "1y", ISO "P1D"/"PT2H", or plain milliseconds. */
export function parseDurationMs(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000, y: 365 * 86_400_000 };
  const simple = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w|y)$/i.exec(s);
  if (simple) return Number(simple[1]) * units[simple[2]!.toLowerCase()]!;
  const iso = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(s);
  if (iso && s.length > 1) {
    const [, y, mo, w, d, h, mi, sec] = iso;
    return (
      Number(y ?? 0) * 365 * 86_400_000 +
      Number(mo ?? 0) * 30 * 86_400_000 +
      Number(w ?? 0) * 7 * 86_400_000 +
      Number(d ?? 0) * 86_400_000 +
      Number(h ?? 0) * 3_600_000 +
      Number(mi ?? 0) * 60_000 +
      Number(sec ?? 0) * 1000
    );
  }
  return undefined;
}

/**
 * Optional HTTP control (CLI form, --control-port):
 *   GET  /clock                       → {"now": "<ISO>", "nowMs": n, "timeSkipping": bool}
 *   POST /clock/advance {"duration": "30d"} or {"ms": 86400000} → {"now": ..., "nowMs": ...}
 */
export function startControlServer(server: RunningServer, port: number, host: string): Promise<http.Server> {
  const h = http.createServer((req, res) => {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const clockBody = (): Record<string, unknown> => ({
      now: new Date(server.now()).toISOString(),
      nowMs: server.now(),
      timeSkipping: server.state.clock.timeSkipping,
    });
    if (req.method === 'GET' && req.url === '/clock') return reply(200, clockBody());
    if (req.method === 'POST' && req.url === '/clock/advance') {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString()));
      req.on('end', () => {
        let body: { ms?: unknown; duration?: unknown } = {};
        try {
          body = data ? (JSON.parse(data) as typeof body) : {};
        } catch {
          return reply(400, { error: 'body must be JSON' });
        }
        const ms = parseDurationMs(body.ms ?? body.duration);
        if (ms === undefined || ms < 0) return reply(400, { error: 'give "ms" (number) or "duration" ("30d", "PT2H", ...)' });
        server.advanceClock(ms).then(
          () => reply(200, clockBody()),
          (err: unknown) => reply(500, { error: String(err) }),
        );
      });
      return;
    }
    reply(404, { error: 'GET /clock or POST /clock/advance' });
  });
  return new Promise((resolve, reject) => {
    h.once('error', reject);
    h.listen(port, host, () => resolve(h));
  });
}

export async function main(argv: string[]): Promise<void> {
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs(argv);
  } catch (err) {
    process.stderr.write(`temporal-dev-server: ${(err as Error).message}\n`);
    process.exit(2);
  }
  if (parsed.ignored.length) {
    process.stderr.write(`temporal-dev-server: ignoring unsupported flags: ${parsed.ignored.join(' ')}\n`);
  }
  const server = await startServer(parsed.options);
  let control: http.Server | undefined;
  if (parsed.controlPort !== undefined) control = await startControlServer(server, parsed.controlPort, server.host);
  const extras = await startHttpExtras(server, parsed);
  const shutdown = (): void => {
    control?.close();
    for (const e of extras) void e.close();
    void server.stop().finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

/** The HTTP API and the UI of the CLI form; a default port already taken is a warning, not a failure. */
async function startHttpExtras(server: RunningServer, parsed: ParsedArgs): Promise<{ close(): Promise<void> }[]> {
  const started: { close(): Promise<void> }[] = [];
  const warn = (line: string): void => {
    if (parsed.options.logLevel !== 'silent') process.stderr.write(`temporal-dev-server: ${line}\n`);
  };
  const attempt = async <T extends { close(): Promise<void> }>(what: string, explicit: boolean | undefined, run: () => Promise<T>): Promise<T | undefined> => {
    try {
      const s = await run();
      started.push(s);
      return s;
    } catch (err) {
      if (explicit || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      warn(`${what}: default port busy, not started (${(err as Error).message})`);
      return undefined;
    }
  };
  if (parsed.httpPort !== undefined) {
    const port = parsed.httpPort;
    await attempt('HTTP API', parsed.httpPortExplicit, () => startHttpApi(server, { port }));
  }
  if (parsed.uiPort !== undefined) {
    const port = parsed.uiPort;
    // Quiet unless a log level is set, like the rest of the server (the build's two progress lines included).
    const ui = await attempt('Temporal UI', parsed.uiPortExplicit, () => startUi(server, { port, host: parsed.uiHost ?? '127.0.0.1', progress: warn }));
    ui?.ready.then(
      () => warn(`Temporal UI at ${ui.url}`),
      (err: unknown) => process.stderr.write(`temporal-dev-server: the Temporal UI could not be built: ${(err as Error).message}\n`),
    );
  }
  return started;
}
