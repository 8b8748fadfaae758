import { createHash } from 'node:crypto';
import { createWriteStream, openAsBlob, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { MAX_DOCUMENT_BYTES } from '../../domain/documents/upload-document.ts';
import type { AppEnv } from '../context.ts';
import { problem } from '../problem.ts';

const MiB = 1024 * 1024;

/**
 * Request body limits, the same on every route. A body is cut as soon as it crosses its limit:
 * the request is not read further and the answer is a 413 problem.
 */
export const bodyLimits = {
  /** Any body that is not multipart (JSON, url-encoded forms, anything else): read into memory up to this. */
  bodyBytes: 1 * MiB,
  /** A whole multipart request (every part together); streamed to temporary files, never held in memory. */
  multipartBytes: 100 * MiB,
  /** One file of a multipart request: the document store's limit. */
  fileBytes: MAX_DOCUMENT_BYTES,
  /** One non-file field of a multipart request. */
  fieldBytes: 1 * MiB,
  /** Parts (files and fields) of a multipart request. */
  parts: 100,
} as const;

/** A request body (or one of its parts) crossed its limit. */
export class PayloadTooLargeError extends Error {
  constructor(
    readonly limit: number,
    readonly field = '(root)',
  ) {
    super(`The request body is larger than ${limit} bytes`);
  }
}

/** The 413 problem of a body cut at its limit, naming the part that crossed it. */
export function payloadTooLarge(c: Context, error: PayloadTooLargeError): Response {
  const megabytes = Math.round((error.limit / MiB) * 10) / 10;
  return problem(c, 413, `La requête dépasse la taille maximale de ${megabytes} Mo`, {
    code: 'payload_too_large',
    errors: [{ field: error.field, location: 'body', message: `ne peut pas dépasser ${megabytes} Mo` }],
  });
}

function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function declaredLength(c: Context): number | undefined {
  if (c.req.raw.headers.has('transfer-encoding')) return undefined;
  const header = c.req.raw.headers.get('content-length');
  return header === null ? undefined : Number(header);
}

/**
 * A multipart body parsed while it streams in: file parts go to temporary files (each checked
 * against `bodyLimits.fileBytes` as it is written), fields stay in memory (each at most
 * `fieldBytes`), and the SHA-256 of the raw bytes is computed on the way for the idempotency
 * layer. It is a lazy thenable: Hono's form validator awaits `bodyCache.formData`, which starts
 * the parse, so nothing is read before the first consumer (authentication runs first). The
 * `File`s it yields are backed by the temporary files (`fs.openAsBlob`), so a handler streams them
 * to storage without holding them in memory. `dispose()` removes the temporary files.
 */
export class MultipartSpool implements PromiseLike<FormData> {
  private parsed: Promise<{ form: FormData; sha256: string }> | undefined;
  private directory: string | undefined;

  constructor(
    private readonly request: Request,
    private readonly contentType: string,
  ) {}

  /** The parsed form (starts parsing on first call). */
  form(): Promise<FormData> {
    return this.parse().then((result) => result.form);
  }

  /** The SHA-256 (hex) of the raw body, as read. */
  sha256(): Promise<string> {
    return this.parse().then((result) => result.sha256);
  }

  then<T = FormData, E = never>(onFulfilled?: ((value: FormData) => T | PromiseLike<T>) | null, onRejected?: ((reason: unknown) => E | PromiseLike<E>) | null): Promise<T | E> {
    return this.form().then(onFulfilled, onRejected);
  }

  async dispose(): Promise<void> {
    // Let a parse that is still running settle first, so no file is created after the removal.
    await this.parsed?.catch(() => undefined);
    if (this.directory) await rm(this.directory, { recursive: true, force: true });
  }

  private parse(): Promise<{ form: FormData; sha256: string }> {
    this.parsed ??= this.run();
    return this.parsed;
  }

  private async run(): Promise<{ form: FormData; sha256: string }> {
    if (!this.request.body) return { form: new FormData(), sha256: createHash('sha256').digest('hex') };
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': this.contentType },
        // Browsers send UTF-8 file names raw in Content-Disposition (busboy assumes latin1 otherwise).
        defParamCharset: 'utf8',
        limits: { fileSize: bodyLimits.fileBytes, fieldSize: bodyLimits.fieldBytes, parts: bodyLimits.parts },
      });
    } catch (error) {
      throw new HTTPException(400, { message: `Malformed multipart request: ${(error as Error).message}` });
    }
    const hash = createHash('sha256');
    let total = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
        total += chunk.length;
        if (total > bodyLimits.multipartBytes) return callback(new PayloadTooLargeError(bodyLimits.multipartBytes));
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    const fields: Array<[string, string]> = [];
    const files: Array<{ field: string; name: string; type: string; path: string; out: WriteStream; written: Promise<void> }> = [];
    let failure: Error | undefined;
    const fail = (error: Error) => {
      failure ??= error;
      counter.destroy(error);
    };
    const directory = (this.directory ??= await mkdtemp(join(tmpdir(), 'echeance-upload-')));

    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) return fail(new PayloadTooLargeError(bodyLimits.fieldBytes, name));
      fields.push([name, value]);
    });
    parser.on('file', (field, stream, info) => {
      const path = join(directory, String(files.length));
      stream.on('limit', () => fail(new PayloadTooLargeError(bodyLimits.fileBytes, field)));
      const out = createWriteStream(path);
      const written = pipeline(stream, out);
      written.catch(() => undefined); // awaited on success; on failure the directory goes anyway
      files.push({ field, name: info.filename ?? '', type: info.mimeType, path, out, written });
    });
    parser.on('partsLimit', () => fail(new PayloadTooLargeError(bodyLimits.parts, '(parts)')));

    try {
      await pipeline(Readable.fromWeb(this.request.body as WebReadableStream<Uint8Array>), counter, parser);
      await Promise.all(files.map((file) => file.written));
    } catch (error) {
      for (const file of files) file.out.destroy();
      const cause = failure ?? error;
      if (cause instanceof PayloadTooLargeError) throw cause;
      throw new HTTPException(400, { message: `Malformed multipart request: ${(cause as Error).message}` });
    }
    if (failure) throw failure;

    const form = new FormData();
    for (const [name, value] of fields) form.append(name, value);
    for (const file of files) {
      // A File over the temporary file: its bytes are read from disk when streamed, not now.
      form.append(file.field, new File([await openAsBlob(file.path)], file.name, { type: file.type }));
    }
    return { form, sha256: hash.digest('hex') };
  }
}

/**
 * The body limit of every route, mounted first in `app.ts`. A body whose declared length is over
 * its limit is refused before anything is read. A multipart body becomes a `MultipartSpool`
 * (parsed while streaming, files on disk); any other body is read into memory and cut at
 * `bodyLimits.bodyBytes`, so no handler, validator or the idempotency layer ever reads more.
 */
export const bodyLimit: MiddlewareHandler<AppEnv> = createBodyLimit(payloadTooLarge);

/**
 * The same limit with another answer for a body over it: the client pages (web/) answer their
 * French 413 page instead of problem+json. A body cut while a handler parses it throws
 * `PayloadTooLargeError`, which each app's error handler translates.
 */
export function createBodyLimit(tooLarge: (c: Context, error: PayloadTooLargeError) => Response): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
  const raw = c.req.raw;
  // GET and HEAD carry no body; asking for one would make the Node adapter build a full fetch
  // Request (headers copied, an AbortController) for every read.
  if (raw.method === 'GET' || raw.method === 'HEAD' || !raw.body) return next();
  const contentType = raw.headers.get('content-type') ?? undefined;
  const length = declaredLength(c);

  if (mediaTypeOf(contentType) === 'multipart/form-data') {
    if (length !== undefined && length > bodyLimits.multipartBytes) return tooLarge(c, new PayloadTooLargeError(bodyLimits.multipartBytes));
    const spool = new MultipartSpool(raw, contentType!);
    // Hono's form validator reads this cache instead of buffering the body.
    (c.req.bodyCache as { formData?: unknown }).formData = spool;
    c.set('multipartSpool', spool);
    try {
      await next();
    } finally {
      await spool.dispose();
    }
    return undefined;
  }

  if (length !== undefined && length > bodyLimits.bodyBytes) return tooLarge(c, new PayloadTooLargeError(bodyLimits.bodyBytes));
  const reader = raw.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > bodyLimits.bodyBytes) {
      await reader.cancel().catch(() => undefined);
      return tooLarge(c, new PayloadTooLargeError(bodyLimits.bodyBytes));
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  c.req.raw = new Request(raw, { body });
  return next();
  };
}
