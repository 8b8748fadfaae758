/**
 * The product's worker as a separate process, so a test can kill it with SIGKILL (a real crash:
 * no shutdown, no flush) and start another. Usage:
 *   node --import tsx test/missions/support/worker-process.ts '{"databaseUrl":…,"address":…,"namespace":…,"taskQueue":…}'
 * Prints `ready` once the worker polls.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { DatabaseOutboxStore } from '../../../adapters/email/database-outbox-store.ts';
import { OutboxEmailSender } from '../../../adapters/email/outbox-email-sender.ts';
import { pino } from 'pino';
import { parseConfig } from '../../../config.ts';
import { openDatabase } from '../../../db/client.ts';
import { temporalSettings } from '../../../temporal.config.ts';
import { createWorker } from '../../../worker.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as { databaseUrl: string; address: string; namespace: string; taskQueue: string };
Runtime.install({ logger: new DefaultLogger('WARN') });
const config = parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
const database = await openDatabase({ url: options.databaseUrl, max: 5 });
const connection = await NativeConnection.connect({ address: options.address });
const emailSender = new OutboxEmailSender({ store: new DatabaseOutboxStore(database.db), directory: mkdtempSync(path.join(tmpdir(), 'echeance-outbox-')) });
const worker = await createWorker(
  connection,
  { ...temporalSettings(config), namespace: options.namespace },
  { config, db: database.db, logger: pino({ level: 'silent' }), emailSender },
  { taskQueue: options.taskQueue },
);
const running = worker.run();
process.stdout.write('ready\n');
await running;
await database.close();
