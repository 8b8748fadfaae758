import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the stub received. */
export interface ResendRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
}

/** A forced answer for the next request, as Resend would send it. */
export type ResendFailure = { status: number; name: string; message: string } | { status: number; raw: string };

/**
 * A local stand-in for Resend's `POST /emails`, enough to exercise the real SDK: bearer key,
 * Resend-shaped JSON errors (`{ statusCode, name, message }`), the required fields, and
 * idempotency as Resend documents it — the same `Idempotency-Key` with the same payload returns
 * the first email's id without sending again; with another payload, a 409
 * `invalid_idempotent_request`.
 */
export async function startResendStub(apiKey: string) {
  const requests: ResendRequest[] = [];
  const sent: { id: string; body: Record<string, unknown> }[] = [];
  const idempotency = new Map<string, { id: string; fingerprint: string }>();
  let failures: ResendFailure[] = [];

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body });
      const reply = (status: number, payload: unknown): void => {
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      };
      const error = (status: number, name: string, message: string): void => reply(status, { statusCode: status, name, message });

      const forced = failures.shift();
      if (forced) {
        if ('raw' in forced) response.writeHead(forced.status, { 'content-type': 'text/html' }).end(forced.raw);
        else error(forced.status, forced.name, forced.message);
        return;
      }
      if (request.method !== 'POST' || request.url !== '/emails') return error(404, 'not_found', 'Not found');
      if (request.headers.authorization !== `Bearer ${apiKey}`) return error(403, 'invalid_api_key', 'API key is invalid');
      for (const field of ['from', 'to', 'subject']) {
        if (!body[field]) return error(422, 'missing_required_field', `Missing \`${field}\` field.`);
      }
      const key = request.headers['idempotency-key'];
      const fingerprint = createHash('sha256').update(raw).digest('hex');
      if (typeof key === 'string') {
        const previous = idempotency.get(key);
        if (previous && previous.fingerprint !== fingerprint) {
          return error(409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.');
        }
        if (previous) return reply(200, { id: previous.id });
      }
      const id = randomUUID();
      sent.push({ id, body });
      if (typeof key === 'string') idempotency.set(key, { id, fingerprint });
      reply(200, { id });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    sent,
    /** The next requests get these answers, in order. */
    failNext(...next: ResendFailure[]): void {
      failures = next;
    },
    reset(): void {
      requests.length = 0;
      sent.length = 0;
      idempotency.clear();
      failures = [];
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
