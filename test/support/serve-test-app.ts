/**
 * Serves the real HTTP application in its own process, so a test can measure the API's memory
 * (RSS) apart from the test runner's: `node --import tsx test/support/serve-test-app.ts` with
 * `TEST_APP_DATABASE_URL` set. Prints `{"port":…}` on stdout once listening on an ephemeral port.
 */
import '@hono/zod-openapi';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { pino } from 'pino';
import { LocalDocumentStorage } from '../../adapters/storage/local-document-storage.ts';
import { createApp } from '../../api/app.ts';
import { parseConfig } from '../../config.ts';
import { openDatabase } from '../../db/client.ts';

const url = process.env.TEST_APP_DATABASE_URL;
if (!url) throw new Error('TEST_APP_DATABASE_URL is required');
const database = await openDatabase({ url, max: 5 });
const app = createApp({
  config: parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
  database,
  logger: pino({ level: 'silent' }),
  documentStorage: new LocalDocumentStorage({ root: mkdtempSync(join(tmpdir(), 'echeance-documents-')) }),
});
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`${JSON.stringify({ port: info.port })}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  void database.close().finally(() => process.exit(0));
});
