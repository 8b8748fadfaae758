import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import {
  assertValidDocumentKey,
  chunksOf,
  DocumentStorageError,
  type DocumentStorage,
  type PutOptions,
  type StorableBody,
  type StoredObject,
  type StoredObjectStream,
} from './document-storage.ts';

/** Options of the local storage. */
export interface LocalDocumentStorageOptions {
  /** Root directory; default `.data/documents` (config: `${DATA_DIR}/documents`). */
  readonly root?: string;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function failed(action: string, key: string, error: unknown): DocumentStorageError {
  if (error instanceof DocumentStorageError) return error;
  return new DocumentStorageError('document_storage_failed', `Could not ${action} document ${key}: ${String(error)}`, { cause: error });
}

/**
 * Stores documents as files under a root directory, one file per key. Writes are atomic: the
 * bytes go to a temporary file next to the target (hashed and counted on the way, then synced),
 * which is renamed over it, so a reader sees the old object or the new one, never half of one.
 * Temporary names start with `.`, which no valid key segment can, so they never shadow a key.
 */
export class LocalDocumentStorage implements DocumentStorage {
  private readonly root: string;

  constructor(options: LocalDocumentStorageOptions = {}) {
    this.root = resolve(options.root ?? '.data/documents');
  }

  /** Streams `body` to `key` via a temporary file and returns its size and SHA-256. */
  async put(key: string, body: StorableBody, options: PutOptions = {}): Promise<StoredObject> {
    const path = this.pathOf(key);
    const temporary = join(dirname(path), `.${randomUUID()}.tmp`);
    const hash = createHash('sha256');
    let size = 0;
    try {
      await mkdir(dirname(path), { recursive: true });
      const file = await open(temporary, 'wx');
      try {
        for await (const chunk of chunksOf(body)) {
          size += chunk.byteLength;
          if (options.maxBytes !== undefined && size > options.maxBytes) {
            throw new DocumentStorageError('document_too_large', `Document ${key} exceeds ${options.maxBytes} bytes`);
          }
          hash.update(chunk);
          await file.write(chunk);
        }
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, path);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw failed('store', key, error);
    }
    return { size, sha256: hash.digest('hex') };
  }

  /** Opens the file of `key` for streaming. */
  async get(key: string): Promise<StoredObjectStream> {
    const path = this.pathOf(key);
    try {
      const stats = await stat(path);
      if (!stats.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
      return { stream: createReadStream(path), size: stats.size };
    } catch (error) {
      if (isMissing(error)) throw new DocumentStorageError('document_not_found', `No document stored under ${key}`);
      throw failed('read', key, error);
    }
  }

  /** Deletes the file of `key`, if any. */
  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    try {
      await unlink(path);
    } catch (error) {
      if (!isMissing(error)) throw failed('delete', key, error);
    }
  }

  /** Whether a file exists for `key`. */
  async exists(key: string): Promise<boolean> {
    const path = this.pathOf(key);
    try {
      return (await stat(path)).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw failed('check', key, error);
    }
  }

  private pathOf(key: string): string {
    assertValidDocumentKey(key);
    const path = resolve(this.root, ...key.split('/'));
    // Belt and braces: the key rule already excludes `..`; this holds even if that rule changes.
    if (!path.startsWith(this.root + sep)) throw new DocumentStorageError('document_key_invalid', `Invalid document key ${JSON.stringify(key)}`);
    return path;
  }
}
