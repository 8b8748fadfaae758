import { createHash } from 'node:crypto';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { beforeEach, describe, expect, it } from 'vitest';
import { documentVersionKey, DocumentStorageError } from '../../../adapters/storage/document-storage.ts';
import { LocalDocumentStorage } from '../../../adapters/storage/local-document-storage.ts';

const KEY = documentVersionKey({ organisationId: 'org-1', clientId: 'client-7', documentId: 'doc-42', version: 1 });

async function listAll(directory: string): Promise<string[]> {
  return (await readdir(directory, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name);
}

describe('LocalDocumentStorage', () => {
  let root: string;
  let storage: LocalDocumentStorage;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'echeance-ged-'));
    storage = new LocalDocumentStorage({ root: join(root, 'documents') });
  });

  it('stores a document and reads back the same bytes, with their size and SHA-256', async () => {
    const content = 'Relevé bancaire de février — 1 250,00 €\n';

    const stored = await storage.put(KEY, Buffer.from(content), { contentType: 'text/plain' });

    expect(stored).toEqual({ size: Buffer.byteLength(content), sha256: createHash('sha256').update(content).digest('hex') });
    expect(await storage.exists(KEY)).toBe(true);
    const { stream, size } = await storage.get(KEY);
    expect(size).toBe(stored.size);
    expect(await text(stream)).toBe(content);
  });

  it('streams an upload in chunks and hashes it on the way', async () => {
    const chunks = Array.from({ length: 64 }, (_, index) => Buffer.alloc(16_384, index));

    const stored = await storage.put(KEY, Readable.from(chunks));

    const whole = Buffer.concat(chunks);
    expect(stored).toEqual({ size: whole.byteLength, sha256: createHash('sha256').update(whole).digest('hex') });
  });

  it('replaces an object atomically and leaves no temporary file behind', async () => {
    await storage.put(KEY, Buffer.from('version 1'));
    await storage.put(KEY, Buffer.from('version 2'));

    expect(await text((await storage.get(KEY)).stream)).toBe('version 2');
    expect(await listAll(root)).toEqual(['v1']);
  });

  it('refuses a body over the size limit and keeps nothing of it', async () => {
    await expect(storage.put(KEY, Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), { maxBytes: 1_000 })).rejects.toMatchObject({
      code: 'document_too_large',
      retryable: false,
    });
    expect(await storage.exists(KEY)).toBe(false);
    expect(await listAll(root)).toEqual([]);
  });

  it('refuses keys that would leave its root, before touching the disk', async () => {
    await writeFile(join(root, 'secret.txt'), 'confidentiel');
    for (const key of ['../secret.txt', 'org/../../secret.txt', '/etc/passwd', 'org/./x', 'org//x', '.hidden', 'org/x/..', 'a\\..\\b', '', 'org/%2e%2e/x']) {
      await expect(storage.get(key), key).rejects.toMatchObject({ code: 'document_key_invalid', retryable: false });
      await expect(storage.put(key, Buffer.from('x')), key).rejects.toBeInstanceOf(DocumentStorageError);
      await expect(storage.delete(key), key).rejects.toMatchObject({ code: 'document_key_invalid' });
    }
    expect(await listAll(root)).toEqual(['secret.txt']);
  });

  it('reports a missing document as not found, and deleting it twice as done', async () => {
    await expect(storage.get(KEY)).rejects.toMatchObject({ code: 'document_not_found', retryable: false });

    await storage.put(KEY, Buffer.from('x'));
    await storage.delete(KEY);
    await storage.delete(KEY);

    expect(await storage.exists(KEY)).toBe(false);
  });
});

describe('documentVersionKey', () => {
  it('puts the organisation first and the version last', () => {
    expect(KEY).toBe('org/org-1/clients/client-7/documents/doc-42/v1');
    expect(() => documentVersionKey({ organisationId: '..', clientId: 'c', documentId: 'd', version: 2 })).toThrow(/Invalid document key/);
  });
});
