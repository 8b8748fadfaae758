import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseOutboxStore } from '../../adapters/email/database-outbox-store.ts';
import { OutboxEmailSender } from '../../adapters/email/outbox-email-sender.ts';
import { createPdfRenderer, type PdfRenderer } from '../../adapters/pdf/pdf-renderer.ts';
import { createSignatureDeps } from '../../adapters/esign/create-signature-deps.ts';
import { LocalDocumentStorage } from '../../adapters/storage/local-document-storage.ts';
import { parseConfig } from '../../config.ts';
import { pino } from 'pino';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.ts';
import type { Database } from '../../db/client.ts';
import { seedOpenInformationRequest, seedTodoTask } from '../support/seed-work.ts';
import { seedClientWithPortalAccess } from '../support/seed-clients.ts';
import { seedVatService } from '../support/seed-catalogue.ts';
import { seedOrganisation, type SeededOrganisation } from '../support/seed.ts';
import { createTestApp } from '../support/test-app.ts';
import { createTestDatabase } from '../support/test-database.ts';

/**
 * Hostile input generated from the OpenAPI document, against every operation: wrong types,
 * missing fields, huge and control-character strings, out-of-range numbers and dates, malformed
 * JSON and wrong content types. No answer may be a 5xx, and a refused request writes nothing
 * (row counts of every table before and after). Deterministic (a seeded generator), so a failure
 * reproduces.
 */

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
  default?: unknown;
};
type Parameter = { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema?: Schema };
type Operation = { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> }; security?: Array<Record<string, unknown>> };
type OpenApi = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };

const REQUESTS_PER_OPERATION = 40;
const BATCH = 8;

/** Mulberry32: a small seeded generator, so every run sends the same requests. */
function generator(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}
const random = generator(20261130);

const hostileStrings = [
  'a\u0000b',
  '\u0000',
  'Boulangerie\u001b[31m',
  'bell\u0007',
  'x'.repeat(100_000),
  '',
  ' ',
  '\ud800',
  '😀'.repeat(300),
  '0000-01-01',
  '99999-12-31',
  '2026-02-30',
  '-1',
  '1e309',
  'null',
  '{"$gt":""}',
  "' OR 1=1 --",
  '../../etc/passwd',
  '%00',
];
const hostileNumbers = [-1, 0, 1e308, -1e308, 2 ** 31, 2 ** 53 + 1, 0.5, Number.MAX_SAFE_INTEGER, -2147483649];
const hostileValues: unknown[] = [null, true, [], {}, [null], { a: 1 }, ...hostileNumbers, ...hostileStrings];

let database: Database;
let pdfRenderer: PdfRenderer | undefined;
let app: App;
let acme: SeededOrganisation;
let spec: OpenApi;
let portalToken: string;
let realIds: string[];

function resolve(schema: Schema | undefined): Schema {
  let current = schema ?? {};
  for (let depth = 0; current.$ref && depth < 10; depth++) current = spec.components?.schemas?.[current.$ref.split('/').pop()!] ?? {};
  return current;
}

/** A value the schema probably accepts (its example-like shape), to mutate one field at a time. */
function plausible(schema: Schema | undefined, depth = 0): unknown {
  const s = resolve(schema);
  if (depth > 4) return undefined;
  if (s.default !== undefined) return s.default;
  if (s.enum) return s.enum[0];
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return plausible(variants.find((v) => resolve(v).type !== 'null') ?? variants[0], depth + 1);
  if (s.allOf) return Object.assign({}, ...s.allOf.map((part) => plausible(part, depth + 1) as object));
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(s.properties ?? {})) value[key] = plausible(child, depth + 1);
      return value;
    }
    case 'array':
      return [plausible(s.items, depth + 1)];
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
      if (s.format === 'uuid') return random.pick(realIds);
      if (s.format === 'date') return '2026-03-20';
      if (s.format === 'date-time') return '2026-03-20T10:00:00Z';
      if (s.format === 'email') return 'claire@example.test';
      return 'Valeur'.padEnd(s.minLength ?? 1, 'x');
    default:
      return 'x';
  }
}

/** All paths to leaves of an object (`lines.0.leadTimeDays`), to pick one to break. */
function leafPaths(value: unknown, prefix: string[] = []): string[][] {
  if (Array.isArray(value)) return value.length === 0 ? [prefix] : value.flatMap((item, index) => leafPaths(item, [...prefix, String(index)]));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length === 0 ? [prefix] : [prefix, ...entries.flatMap(([key, child]) => leafPaths(child, [...prefix, key]))];
  }
  return [prefix];
}

function setAt(target: unknown, path: string[], value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(target) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) {
    if (!node[key] || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  if (remove) delete node[path.at(-1)!];
  else node[path.at(-1)!] = value;
  return copy;
}

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | FormData;
}

function buildRequest(route: string, method: string, operation: Operation, round: number): FuzzRequest {
  const parameters = operation.parameters ?? [];
  const portal = route.startsWith('/api/v1/portal/');
  const headers: Record<string, string> = { Authorization: `Bearer ${portal ? portalToken : acme.adminToken}` };
  // Path: a real id, an unknown one, or something hostile.
  const path = route.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const schema = resolve(parameters.find((p) => p.name === name && p.in === 'path')?.schema);
    const choice = random.next();
    if (choice < 0.4) return schema.enum ? String(random.pick(schema.enum)) : random.pick(realIds);
    if (choice < 0.6) return schema.enum ? String(random.pick(schema.enum)) : randomUUID();
    const hostile = String(random.pick(hostileValues)).slice(0, 2000);
    return hostile === '\ud800' ? '%ED%A0%80' : encodeURIComponent(hostile) || 'x';
  });
  const query = new URLSearchParams();
  for (const parameter of parameters.filter((p) => p.in === 'query' && p.name !== 'token')) {
    if (random.next() < 0.5) continue;
    const value = random.next() < 0.7 ? random.pick(hostileValues) : plausible(parameter.schema);
    query.append(parameter.name, typeof value === 'string' ? value.slice(0, 5000) : JSON.stringify(value));
  }
  if (random.next() < 0.1) headers['Idempotency-Key'] = random.pick(['k'.repeat(300), 'key\u0007', `fuzz-${round}`]);
  const url = query.size > 0 ? `${path}?${query}` : path;

  const body = operation.requestBody?.content;
  if (!body || method === 'get' || method === 'delete') return { method: method.toUpperCase(), path: url, headers };
  const mediaType = Object.keys(body)[0]!;
  const kind = round % 8;
  if (mediaType === 'multipart/form-data' && kind < 6) {
    const form = new FormData();
    const fields = Object.keys(resolve(body[mediaType]!.schema).properties ?? {});
    for (const field of fields) {
      if (random.next() < 0.3) continue;
      if (random.next() < 0.5) form.append(field, new File([String(random.pick(hostileStrings)).slice(0, 3000)], random.pick(['a.pdf', 'a\u0000.pdf', '', '../x', 'x'.repeat(400)]), { type: random.pick(['text/html', 'application/pdf', '', 'image/svg+xml']) }));
      else form.append(field, String(random.pick(hostileValues)).slice(0, 5000));
    }
    return { method: method.toUpperCase(), path: url, headers, body: form };
  }
  headers['Content-Type'] = 'application/json';
  const base = plausible(body[mediaType]!.schema);
  switch (kind) {
    case 0:
      return { method: method.toUpperCase(), path: url, headers, body: '{"unterminated": ' };
    case 1:
      headers['Content-Type'] = random.pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded']);
      return { method: method.toUpperCase(), path: url, headers, body: JSON.stringify(base) };
    case 2:
      return { method: method.toUpperCase(), path: url, headers, body: JSON.stringify(random.pick([null, [], 'text', 42, true])) };
    case 3: {
      const leaf = random.pick(leafPaths(base).filter((p) => p.length > 0));
      return { method: method.toUpperCase(), path: url, headers, body: JSON.stringify(leaf ? setAt(base, leaf, undefined, true) : base) };
    }
    default: {
      let mutated = base;
      for (let i = 0; i < 1 + Math.floor(random.next() * 3); i++) {
        const leaf = random.pick(leafPaths(mutated));
        mutated = setAt(mutated, leaf ?? [], random.pick(hostileValues));
      }
      return { method: method.toUpperCase(), path: url, headers, body: JSON.stringify(mutated) };
    }
  }
}

const rowsOf = <T,>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

/**
 * Records every row inserted or deleted in any table (transactionally: a rolled-back write leaves
 * nothing), so "wrote nothing" is one cheap query per request instead of counting every table.
 * Idempotency keys are left out: a refused request claims its key and releases it again.
 */
async function recordRowWrites(): Promise<void> {
  await database.db.execute(sql.raw(`
    create table fuzz_row_writes (id bigserial primary key, table_name text not null, operation text not null);
    create function fuzz_record_row_write() returns trigger language plpgsql as $$
    begin insert into fuzz_row_writes (table_name, operation) values (TG_TABLE_NAME, TG_OP); return null; end $$;
  `));
  const tables = rowsOf<{ tablename: string }>(
    await database.db.execute(sql`select tablename from pg_tables where schemaname = 'public' and tablename not in ('fuzz_row_writes', 'idempotency_keys')`),
  );
  for (const { tablename } of tables) {
    await database.db.execute(sql.raw(`create trigger fuzz_row_write after insert or delete on "${tablename}" for each row execute function fuzz_record_row_write()`));
  }
}

/** Rows inserted or deleted so far, by table and operation. */
async function rowWrites(): Promise<{ total: number; tables: string }> {
  const [row] = rowsOf<{ total: string | number; tables: string | null }>(
    await database.db.execute(sql`select count(*) as total, string_agg(distinct table_name || ':' || operation, ', ') as tables from fuzz_row_writes`),
  );
  return { total: Number(row!.total), tables: row!.tables ?? '' };
}

beforeAll(async () => {
  database = await createTestDatabase();
  // The deps main.ts always gives the app (an email sender, a PDF renderer), so a 503 can only mean a fault.
  const emailSender = new OutboxEmailSender({ store: new DatabaseOutboxStore(database.db), directory: mkdtempSync(join(tmpdir(), 'echeance-outbox-')) });
  pdfRenderer = createPdfRenderer();
  const documentStorage = new LocalDocumentStorage({ root: mkdtempSync(join(tmpdir(), 'echeance-documents-')) });
  const signature = await createSignatureDeps({
    config: parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: mkdtempSync(join(tmpdir(), 'echeance-data-')) }),
    db: database.db,
    logger: pino({ level: 'silent' }),
    storage: documentStorage,
    renderer: pdfRenderer,
    emailSender,
  });
  // The fuzz test sends thousands of requests with one portal token and one admin: rate limits
  // (test/api/rate-limit.test.ts) would refuse most of them before validation, which is what it tests.
  const unlimited = { RATE_LIMIT_CLIENT_PER_TOKEN: '1000000', RATE_LIMIT_PREVIEWS_PER_USER: '1000000' };
  app = createTestApp(database, { config: parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...unlimited }), emailSender, pdfRenderer, documentStorage, signature });
  acme = await seedOrganisation(database.db, 'Acme');
  const access = await seedClientWithPortalAccess(database.db, acme);
  portalToken = access.portalToken;
  const service = await seedVatService(database.db, acme);
  const task = await seedTodoTask(database.db, acme, access.client.id);
  const request = await seedOpenInformationRequest(database.db, acme, access.client.id);
  realIds = [access.client.id, access.contact.id, service.id, task.id, request.id, acme.firm.id, acme.admin.id, acme.collaborator.id];
  spec = (await (await app.request('/api/openapi.json')).json()) as OpenApi;
  await recordRowWrites();
});
afterAll(async () => {
  await pdfRenderer?.close();
  await database?.close();
});

describe('hostile requests generated from the OpenAPI document', () => {
  it('never answers 5xx and writes nothing when it refuses, over every operation', async () => {
    const operations = Object.entries(spec.paths).flatMap(([route, methods]) =>
      Object.entries(methods)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, operation]) => ({ route, method, operation })),
    );
    expect(operations.length).toBeGreaterThan(50);
    const failures: string[] = [];
    const leaks: string[] = [];
    let sent = 0;
    const send = async (request: FuzzRequest) => {
      const response = await app.request(request.path, { method: request.method, headers: request.headers, ...(request.body !== undefined ? { body: request.body } : {}) });
      const text = await response.text();
      sent++;
      const label = `${request.method} ${request.path.slice(0, 160)} → ${response.status} ${text.slice(0, 200)}`;
      if (response.status >= 500) failures.push(label);
      return { status: response.status, label };
    };
    for (const { route, method, operation } of operations) {
      const requests = Array.from({ length: REQUESTS_PER_OPERATION }, (_, round) => buildRequest(route, method, operation, round));
      // Concurrently, BATCH at a time. When a batch wrote rows, each refused request of it is sent
      // again alone to find the one that wrote; a batch with only refusals must write nothing.
      for (let start = 0; start < requests.length; start += BATCH) {
        const batch = requests.slice(start, start + BATCH);
        const before = await rowWrites();
        const results = await Promise.all(batch.map(send));
        const after = await rowWrites();
        if (after.total === before.total) continue;
        for (const [index, request] of batch.entries()) {
          if (results[index]!.status < 400 || request.body instanceof FormData) continue;
          const alone = await rowWrites();
          const again = await send(request);
          const written = await rowWrites();
          if (again.status >= 400 && written.total !== alone.total) leaks.push(`${again.label} wrote rows (all so far: ${written.tables})`);
        }
        if (results.every((result) => result.status >= 400)) leaks.push(`a batch of refused ${method.toUpperCase()} ${route} requests wrote rows (all so far: ${after.tables})`);
      }
    }
    expect(sent).toBeGreaterThanOrEqual(5000);
    expect(failures.slice(0, 30)).toEqual([]);
    expect(leaks.slice(0, 30)).toEqual([]);
  }, 120_000);
});
