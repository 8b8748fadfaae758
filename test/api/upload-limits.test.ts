import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.ts';
import type { Database } from '../../db/client.ts';
import { documents, informationRequestAnswers, serviceRequests } from '../../db/schema/index.ts';
import { createFolder } from '../../domain/documents/create-folder.ts';
import { adminActor } from '../support/seed-catalogue.ts';
import { seedClientWithPortalAccess } from '../support/seed-clients.ts';
import { seedOpenInformationRequest } from '../support/seed-work.ts';
import { seedOrganisation, type SeededOrganisation } from '../support/seed.ts';
import { apiClient, createTestApp } from '../support/test-app.ts';
import { createTestDatabase } from '../support/test-database.ts';

const GiB = 1024 * 1024 * 1024;
const MiB = 1024 * 1024;
/** The per-file limit both upload routes apply (25 MB). */
const FILE_LIMIT = 25 * MiB;

let database: Database & { url?: string };
let app: App;
let acme: SeededOrganisation;
let portalToken: string;
let requestId: string;
let uploadPath: string;
let server: { child: ChildProcess; port: number } | undefined;

/** Resident memory of a process, from /proc (Linux), in bytes. */
function rssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB$/m);
  return Number(line?.[1] ?? 0) * 1024;
}

/** Starts the API in a child process over the test's database; resolves with its port. */
async function startServer(url: string): Promise<{ child: ChildProcess; port: number }> {
  const script = fileURLToPath(new URL('../support/serve-test-app.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, TEST_APP_DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = stdout.match(/\{"port":(\d+)\}/);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`API process exited (${code}): ${stderr}`)));
  });
  return { child, port };
}

interface HugeUploadResult {
  status: number;
  contentType: string | undefined;
  body: string;
  /** Milliseconds between the client having sent `limit` bytes and the response arriving. */
  answeredAfterLimitMs: number;
  bytesSent: number;
  rssGrowth: number;
}

/**
 * Streams a generated multipart body of `total` bytes (one file part; nothing on disk) to the
 * child API, stops as soon as an answer arrives, and samples the API's RSS meanwhile.
 */
async function hugeUpload(path: string, headers: Record<string, string>, field: string, total: number, limit: number): Promise<HugeUploadResult> {
  const { child, port } = server!;
  const boundary = '----echeance-hostile-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="huge.bin"\r\nContent-Type: application/pdf\r\n\r\n`);
  const chunk = Buffer.alloc(MiB, 0x61);
  const baseline = rssOf(child.pid!);
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, rssOf(child.pid!))), 20);
  try {
    return await new Promise<HugeUploadResult>((resolve, reject) => {
      let sent = 0;
      let crossedAt: number | undefined;
      let answered = false;
      const req = request({
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { ...headers, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Transfer-Encoding': 'chunked' },
      });
      req.on('response', (response) => {
        answered = true;
        const answeredAt = performance.now();
        let body = '';
        response.on('data', (data: Buffer) => (body += data.toString()));
        response.on('end', () => {
          req.destroy();
          resolve({
            status: response.statusCode ?? 0,
            contentType: response.headers['content-type'],
            body,
            answeredAfterLimitMs: crossedAt === undefined ? -1 : answeredAt - crossedAt,
            bytesSent: sent,
            rssGrowth: peak - baseline,
          });
        });
      });
      req.on('error', (error) => {
        if (!answered) reject(error);
      });
      const write = (data: Buffer) => {
        sent += data.length;
        if (crossedAt === undefined && sent > limit) crossedAt = performance.now();
        return req.write(data);
      };
      write(head);
      const pump = () => {
        while (!answered && sent < total) {
          if (!write(chunk)) return void req.once('drain', pump);
        }
        if (!answered) req.end(`\r\n--${boundary}--\r\n`);
      };
      pump();
    });
  } finally {
    clearInterval(sampler);
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database);
  acme = await seedOrganisation(database.db, 'Acme');
  const access = await seedClientWithPortalAccess(database.db, acme);
  portalToken = access.portalToken;
  requestId = (await seedOpenInformationRequest(database.db, acme, access.client.id)).id;
  const folder = await createFolder(database.db, adminActor(acme), access.client.id, { name: 'Pièces', sharedWithClient: false });
  uploadPath = `/api/v1/clients/${access.client.id}/folders/${folder.id}/documents`;
  if (database.url) server = await startServer(database.url);
}, 120_000);

afterAll(async () => {
  server?.child.kill('SIGTERM');
  await database?.close();
});

const rows = async () => ({
  documents: (await database.db.select({ n: count() }).from(documents))[0]!.n,
  answers: (await database.db.select({ n: count() }).from(informationRequestAnswers))[0]!.n,
  serviceRequests: (await database.db.select({ n: count() }).from(serviceRequests))[0]!.n,
});

describe('uploads are cut at the limit while streaming', () => {
  it('refuses a 1 GiB answer file from the client portal with a 413 long before the upload ends, the API growing by under 100 MB', async () => {
    if (!server) return console.warn('skipped: needs PostgreSQL (the API runs in a child process)');
    const before = await rows();
    const result = await hugeUpload(`/api/v1/portal/information-requests/${requestId}/answers`, { Authorization: `Bearer ${portalToken}` }, 'files[]', GiB, FILE_LIMIT);
    expect(result.status, result.body).toBe(413);
    expect(result.contentType).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(result.body)).toMatchObject({ status: 413 });
    expect(result.bytesSent).toBeLessThan(GiB / 4);
    expect(result.answeredAfterLimitMs).toBeGreaterThanOrEqual(0);
    expect(result.answeredAfterLimitMs).toBeLessThan(3000);
    expect(result.rssGrowth).toBeLessThan(100 * MiB);
    expect(await rows()).toEqual(before);
  });

  it('refuses a 1 GiB staff document with an Idempotency-Key with a 413 long before the upload ends, the API growing by under 100 MB', async () => {
    if (!server) return console.warn('skipped: needs PostgreSQL (the API runs in a child process)');
    const before = await rows();
    const result = await hugeUpload(uploadPath, { Authorization: `Bearer ${acme.collaboratorToken}`, 'Idempotency-Key': 'huge-upload-1' }, 'file', GiB, FILE_LIMIT);
    expect(result.status, result.body).toBe(413);
    expect(result.contentType).toMatch(/^application\/problem\+json/);
    expect(result.bytesSent).toBeLessThan(GiB / 4);
    expect(result.answeredAfterLimitMs).toBeGreaterThanOrEqual(0);
    expect(result.answeredAfterLimitMs).toBeLessThan(3000);
    expect(result.rssGrowth).toBeLessThan(100 * MiB);
    expect(await rows()).toEqual(before);
  });

  it('still stores a file under the limit with the hash computed on the way', async () => {
    const form = new FormData();
    const bytes = new Uint8Array(3 * MiB).fill(7);
    form.append('file', new File([bytes], 'releve.pdf', { type: 'application/pdf' }));
    const response = await app.request(uploadPath, { method: 'POST', headers: { Authorization: `Bearer ${acme.collaboratorToken}`, 'Idempotency-Key': 'small-upload' }, body: form });
    expect(response.status).toBe(201);
    const { createHash } = await import('node:crypto');
    expect(await response.json()).toMatchObject({ size: 3 * MiB, sha256: createHash('sha256').update(bytes).digest('hex') });
  });
});

describe('JSON bodies have a limit too', () => {
  it('refuses a 100 MB JSON body streamed without a length with a 413 problem, writing nothing', async () => {
    const before = await rows();
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"message":"'));
      },
      pull(controller) {
        if (sent >= 100 * MiB) return controller.close();
        sent += MiB;
        controller.enqueue(new Uint8Array(MiB).fill(0x61));
      },
    });
    const response = await app.request('/api/v1/portal/service-requests', {
      method: 'POST',
      headers: { Authorization: `Bearer ${portalToken}`, 'Content-Type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(sent).toBeLessThan(10 * MiB);
    expect(await rows()).toEqual(before);
  });

  it('refuses a declared Content-Length over the limit before reading anything', async () => {
    const response = await apiClient(app, acme.adminToken).send('POST', '/api/v1/clients', 'x'.repeat(2 * MiB), { 'Content-Type': 'application/json' });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ status: 413 });
  });
});
