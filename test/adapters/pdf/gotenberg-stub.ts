import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stub received: the route, the form fields and the uploaded files (as text). */
export interface GotenbergCall {
  readonly method: string;
  readonly path: string;
  readonly fields: Record<string, string>;
  readonly files: Record<string, { readonly filename: string; readonly content: string }>;
}

/** How the stub answers the next calls. */
export type GotenbergBehaviour = { kind: 'pdf' } | { kind: 'status'; status: number; message: string } | { kind: 'hang' };

/** A tiny PDF, enough for a client that only streams bytes back. */
export const STUB_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595.92 842.88]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A local stand-in for Gotenberg 8: parses the multipart form (with undici's own multipart
 * parser, through `Response.formData()`), records the call, and answers as told. It refuses, as
 * Gotenberg would, a form without `index.html`.
 */
export async function startGotenbergStub(): Promise<{ url: string; calls: GotenbergCall[]; behave(next: GotenbergBehaviour): void; stop(): Promise<void> }> {
  const calls: GotenbergCall[] = [];
  let behaviour: GotenbergBehaviour = { kind: 'pdf' };
  const server: Server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const form = await new Response(new Uint8Array(body), { headers: { 'content-type': request.headers['content-type'] ?? '' } }).formData();
      const fields: Record<string, string> = {};
      const files: GotenbergCall['files'] = {};
      const entries: [string, FormDataEntryValue][] = [];
      form.forEach((value, name) => entries.push([name, value]));
      for (const [name, value] of entries) {
        if (typeof value === 'string') fields[name] = value;
        else files[name] = { filename: value.name, content: await value.text() };
      }
      calls.push({ method: request.method ?? '', path: request.url ?? '', fields, files });
      if (behaviour.kind === 'hang') return; // never answers
      if (behaviour.kind === 'status') {
        response.writeHead(behaviour.status, { 'content-type': 'application/json' }).end(JSON.stringify({ message: behaviour.message }));
        return;
      }
      if (request.url !== '/forms/chromium/convert/html' || !files['index.html']) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/pdf' }).end(STUB_PDF);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    behave: (next) => {
      behaviour = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
