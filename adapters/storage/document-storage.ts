import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { AdapterError } from '../adapter-error.ts';

/**
 * The document store's blob port (GED). It stores bytes under opaque keys and nothing else: the
 * folder tree, sharing with the client, names, media types, authors and versions live in the
 * database, so moving a document between folders or renaming it never touches storage. Each
 * version of a document is a new key (`documentVersionKey`), written once and never modified.
 *
 * Narrow on purpose — put, get, delete, exists — so an S3-compatible adapter is one file:
 * `put` streams into an upload while hashing, `get` is a GetObject stream with its
 * ContentLength, `delete` is DeleteObject, `exists` a HeadObject.
 */
export interface DocumentStorage {
  /**
   * Stores `body` under `key` (replacing any previous object atomically) and returns its size and
   * SHA-256, measured while streaming. A `Blob` (an uploaded file spooled to disk) is streamed,
   * never read whole into memory.
   */
  put(key: string, body: StorableBody, options?: PutOptions): Promise<StoredObject>;
  /** Opens the object for reading; `DocumentStorageError` with code `document_not_found` when absent. */
  get(key: string): Promise<StoredObjectStream>;
  /** Removes the object; removing an absent key is not an error (retries are safe). */
  delete(key: string): Promise<void>;
  /** Whether an object exists under `key`. */
  exists(key: string): Promise<boolean>;
}

/** What `put` accepts: bytes in memory, a Blob (streamed), or any stream of chunks. */
export type StorableBody = Uint8Array | Blob | AsyncIterable<Uint8Array>;

/** The chunks of a storable body, streamed. */
export function chunksOf(body: StorableBody): AsyncIterable<Uint8Array> | Uint8Array[] {
  if (body instanceof Uint8Array) return [body];
  if (body instanceof Blob) return body.stream() as unknown as AsyncIterable<Uint8Array>;
  return body;
}

/** Options of `put`. */
export interface PutOptions {
  /** Media type, kept as object metadata by adapters that have some (S3); the database is the reference. */
  readonly contentType?: string;
  /** Refuse bodies larger than this many bytes (`document_too_large`), checked while streaming. */
  readonly maxBytes?: number;
}

/** What `put` measured while writing: the database stores both with the document version. */
export interface StoredObject {
  readonly size: number;
  /** Lowercase hexadecimal SHA-256 of the bytes. */
  readonly sha256: string;
}

/** An object being read. */
export interface StoredObjectStream {
  readonly stream: Readable;
  readonly size: number;
}

/** Why a storage call failed; only I/O failures (`document_storage_failed`) are worth retrying. */
export type DocumentStorageErrorCode = 'document_not_found' | 'document_key_invalid' | 'document_too_large' | 'document_storage_failed';

/** A storage call failed. */
export class DocumentStorageError extends AdapterError {
  readonly retryable: boolean;

  constructor(
    override readonly code: DocumentStorageErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(code, message, options);
    this.retryable = code === 'document_storage_failed';
  }
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Checks a storage key: `/`-separated segments of letters, digits, `.`, `_` and `-`, each
 * starting with a letter or digit (so no `.`, `..` or hidden names), at most 512 characters.
 * Every adapter calls it first, which is what refuses path traversal (`../../etc/passwd`).
 */
export function assertValidDocumentKey(key: string): void {
  const segments = key.split('/');
  if (key.length > 512 || segments.some((segment) => !SEGMENT.test(segment))) {
    throw new DocumentStorageError('document_key_invalid', `Invalid document key ${JSON.stringify(key)}`);
  }
}

/**
 * The key of one version of a document: `org/<organisation>/clients/<client>/documents/<document>/v<version>`.
 * Ids are the database's (uuids); organisation first, so an organisation's objects share a prefix.
 */
export function documentVersionKey(ids: { organisationId: string; clientId: string; documentId: string; version: number }): string {
  const key = `org/${ids.organisationId}/clients/${ids.clientId}/documents/${ids.documentId}/v${ids.version}`;
  assertValidDocumentKey(key);
  return key;
}

/** The whole object under `key` in memory: for the documents a signature or a proof handles (PDFs of a few MB). */
export async function readStoredBytes(storage: Pick<DocumentStorage, 'get'>, key: string): Promise<Uint8Array> {
  return new Uint8Array(await buffer((await storage.get(key)).stream));
}
