import { PassThrough, Readable, type Writable } from 'node:stream';
import type { Context } from 'hono';
import { safeMediaType } from '../adapters/storage/media-type.ts';
import type { AppEnv } from './context.ts';

/**
 * The one way every route serves a file (documents, answer files, emails, vCards, exports, PDF
 * previews). Bytes that users uploaded are served from the API's origin, so the browser is told
 * never to sniff or run them (`nosniff`, a sandboxing CSP), to save them (`attachment`, unless
 * `inline`), and the media type is the one stored at upload, normalised again here, never the
 * one a client declares on download: a type a browser would run (HTML, SVG, XML, scripts) is
 * served as `application/octet-stream`.
 */
export interface FileDescription {
  /** File name for `Content-Disposition` (any characters; RFC 6266 / RFC 8187 encoded). */
  name: string;
  /** The stored media type. */
  mediaType: string;
  size?: number | undefined;
  /** Hex SHA-256, as a strong ETag. */
  sha256?: string | undefined;
  /** `attachment` (default) or `inline` (a PDF preview opened in the browser). */
  disposition?: 'attachment' | 'inline';
}

/**
 * A `Content-Disposition` header for a file name that may hold accents, spaces or quotes
 * (RFC 6266): an ASCII `filename` for old clients, and the exact name in `filename*` as UTF-8
 * percent-encoding (RFC 8187), which every current browser prefers.
 */
export function contentDisposition(filename: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const fallback =
    filename
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\x20-\x7e]/g, '_')
      .replace(/["\\]/g, '_')
      .trim() || 'document';
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The headers of a file download (see {@link FileDescription}). */
export function fileHeaders(file: FileDescription): Record<string, string> {
  return {
    'Content-Type': safeMediaType(file.mediaType),
    ...(file.size !== undefined ? { 'Content-Length': String(file.size) } : {}),
    'Content-Disposition': contentDisposition(file.name, file.disposition),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, no-cache',
    ...(file.sha256 ? { ETag: `"${file.sha256}"` } : {}),
  };
}

/** Serves bytes in memory, a Node stream or a web stream as a file download. */
export function fileResponse(c: Context, file: FileDescription, body: Uint8Array | string | Readable | ReadableStream<Uint8Array>): Response {
  const content = body instanceof Readable ? (Readable.toWeb(body) as ReadableStream<Uint8Array>) : body;
  return c.body(content as Uint8Array<ArrayBuffer>, 200, fileHeaders(file));
}

/**
 * Serves a file that `produce` writes while the response streams (a spreadsheet export). Nothing
 * is sent until its first bytes exist: a failure before them (the query failing) becomes the usual
 * problem response through the error handler. A failure after them cannot change the status any
 * more: it is logged with the request id and the response is aborted (the client sees an
 * incomplete transfer, never a truncated file presented as complete), and the server carries on.
 */
export async function streamedFileResponse(c: Context<AppEnv>, file: FileDescription, produce: (output: Writable) => Promise<unknown>): Promise<Response> {
  let started: () => void = () => undefined;
  const firstChunk = new Promise<void>((resolve) => (started = resolve));
  const output = new PassThrough({
    transform(chunk: Buffer, _encoding, callback) {
      started();
      callback(null, chunk);
    },
  });
  const produced = produce(output);
  const outcome = await Promise.race([produced.then(() => 'done' as const), firstChunk.then(() => 'streaming' as const)]);
  if (outcome === 'done') output.end();
  produced.then(
    () => output.end(),
    (error: unknown) => {
      c.get('deps').logger.error({ err: error, requestId: c.get('requestId'), path: c.req.path }, 'streamed response failed midway; aborted');
      output.destroy(error as Error);
    },
  );
  return fileResponse(c, file, output);
}
