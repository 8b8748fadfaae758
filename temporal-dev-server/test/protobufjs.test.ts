/**
 * One copy of protobufjs in the install (package.json `overrides`): with several, a message
 * class of one copy is not a `Type` of another, and `historyFromJSON`, the JSON payload codecs
 * and the SDK's own conversions throw "type must be a Type". Shown on the packages that load it,
 * and on a history downloaded as JSON from the server's HTTP API and replayed.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { NativeConnection, Worker } from '@temporalio/worker';
import { start, type EmbeddedServer } from '../src/index.ts';
import * as activities from './activities.ts';
import { uid, WORKFLOWS } from './helpers.ts';
import { hello } from './workflows/index.ts';

const fromRoot = createRequire(new URL('../../package.json', import.meta.url));

/** The protobufjs file a package gets when it requires protobufjs. */
function protobufjsOf(pkg: string): string {
  return createRequire(fromRoot.resolve(`${pkg}/package.json`)).resolve('protobufjs');
}

describe('protobufjs', () => {
  it('is one copy for every package that loads it', () => {
    const loaders = ['@temporalio/common', '@temporalio/proto', '@temporalio/worker', '@temporalio/client', '@grpc/proto-loader'];
    const copies = new Set(loaders.map(protobufjsOf));
    expect([...copies]).toEqual([fromRoot.resolve('protobufjs')]);
  });

  describe('a history as JSON', () => {
    let server: EmbeddedServer;
    let connection: Connection;
    let client: Client;

    beforeAll(async () => {
      server = await start({ port: 0, httpPort: 0 });
      connection = await Connection.connect({ address: server.address });
      client = new Client({ connection });
    });
    afterAll(async () => {
      await connection?.close();
      await server?.stop();
    });

    it('goes through historyFromJSON and replays, from the SDK and from the HTTP API', { timeout: 120_000 }, async () => {
      const taskQueue = uid('json');
      const workflowId = uid('json');
      const worker = await Worker.create({ connection: await NativeConnection.connect({ address: server.address }), taskQueue, workflowsPath: WORKFLOWS, activities });
      await worker.runUntil(client.workflow.execute(hello, { taskQueue, workflowId, args: ['json'] }));
      const history = await client.workflow.getHandle(workflowId).fetchHistory();

      const roundTrip = historyFromJSON(JSON.parse(historyToJSON(history)));
      expect(roundTrip.events?.map((e) => e.eventType)).toEqual(history.events?.map((e) => e.eventType));

      const res = await fetch(`${server.httpApi!.url}/api/v1/namespaces/default/workflows/${encodeURIComponent(workflowId)}/history`);
      expect(res.status).toBe(200);
      const downloaded = historyFromJSON(((await res.json()) as { history: unknown }).history);
      expect(downloaded.events).toHaveLength(history.events!.length);
      await Worker.runReplayHistory({ workflowsPath: WORKFLOWS }, downloaded, workflowId);
    });
  });
});
