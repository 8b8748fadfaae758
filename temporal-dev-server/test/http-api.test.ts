/**
 * Temporal's HTTP API (grpc-gateway mapping of the protos' `google.api.http` annotations) over a
 * real workflow run by the real SDK worker: list, describe, history, signal and query over HTTP,
 * with protobuf JSON in and out. The same calls are the curl lines of docs/temporal-ui.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { start, type EmbeddedServer } from '../src/index.ts';
import { buildRoutes, matchRoute } from '../src/http/routes.ts';
import { parseArgs } from '../src/cli.ts';
import * as activities from './activities.ts';
import { sleepMs, uid, WORKFLOWS } from './helpers.ts';
import { counter, countQuery } from './workflows/index.ts';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const json = (value: unknown): { metadata: { encoding: string }; data: string } => ({ metadata: { encoding: b64('json/plain') }, data: b64(JSON.stringify(value)) });
const decode = (payload: { data: string }): unknown => JSON.parse(Buffer.from(payload.data, 'base64').toString());

describe('HTTP API', () => {
  let server: EmbeddedServer;
  let connection: Connection;
  let client: Client;
  let worker: Worker;
  let running: Promise<void>;
  let base: string;
  const taskQueue = uid('http');
  const workflowId = `mission/${uid('http')}`; // a "/" in the id travels percent-encoded

  beforeAll(async () => {
    server = await start({ port: 0, httpPort: 0, searchAttributes: { ClientId: 'Keyword' } });
    base = server.httpApi!.url;
    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection });
    const native = await NativeConnection.connect({ address: server.address });
    worker = await Worker.create({ connection: native, taskQueue, workflowsPath: WORKFLOWS, activities });
    running = worker.run();
    await client.workflow.start(counter, { taskQueue, workflowId, args: [5], searchAttributes: { ClientId: ['client-42'] } });
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await connection?.close();
    await server?.stop();
  });

  const get = async (path: string): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${base}${path}`);
    return { status: res.status, body: await res.json() };
  };
  const post = async (path: string, body: unknown): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };
  const wid = encodeURIComponent(workflowId);

  it('generates its routes from the google.api.http annotations, bare and under /api/v1', () => {
    const routes = buildRoutes();
    expect(routes.length).toBeGreaterThan(200);
    const m = matchRoute(routes, 'GET', '/api/v1/namespaces/default/workflows/a%2Fb/history');
    expect(m).toMatchObject({ route: { method: 'GetWorkflowExecutionHistory' }, params: { namespace: 'default', 'execution.workflow_id': 'a/b' } });
    expect(matchRoute(routes, 'GET', '/namespaces/default/workflows')).toMatchObject({ route: { method: 'ListWorkflowExecutions' } });
    expect(matchRoute(routes, 'POST', '/api/v1/namespaces/default/activities/complete-by-id')).toMatchObject({ route: { method: 'RespondActivityTaskCompletedById' } });
    expect(matchRoute(routes, 'DELETE', '/api/v1/namespaces/default/workflows')).toBe('method-not-allowed');
  });

  it('lists workflows with a visibility query on a custom search attribute', async () => {
    const { status, body } = await get(`/api/v1/namespaces/default/workflows?query=${encodeURIComponent("ClientId = 'client-42'")}`);
    expect(status).toBe(200);
    expect(body.executions).toHaveLength(1);
    const [wf] = body.executions;
    expect(wf.execution.workflowId).toBe(workflowId);
    expect(wf.status).toBe('WORKFLOW_EXECUTION_STATUS_RUNNING');
    expect(wf.type.name).toBe('counter');
    expect(wf.startTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    expect(decode(wf.searchAttributes.indexedFields.ClientId)).toEqual(['client-42']);
    const none = await get(`/namespaces/default/workflows?query=${encodeURIComponent("ClientId = 'nobody'")}`);
    expect(none.body.executions ?? []).toHaveLength(0);
  });

  it('describes a workflow, int64 values as strings', async () => {
    const { status, body } = await get(`/api/v1/namespaces/default/workflows/${wid}`);
    expect(status).toBe(200);
    expect(body.workflowExecutionInfo.execution.workflowId).toBe(workflowId);
    expect(body.executionConfig.taskQueue.name).toBe(taskQueue);
    expect(typeof body.workflowExecutionInfo.historyLength).toBe('string');
  });

  it('signals over HTTP, then answers a query over HTTP with the signal applied', async () => {
    const signal = await post(`/api/v1/namespaces/default/workflows/${wid}/signal/increment`, { input: { payloads: [json(3)] }, identity: 'curl' });
    expect(signal).toEqual({ status: 200, body: {} });
    let count: unknown;
    for (let i = 0; i < 50 && count !== 8; i++) {
      const q = await post(`/api/v1/namespaces/default/workflows/${wid}/query/${countQuery.name}`, {});
      expect(q.status).toBe(200);
      count = decode(q.body.queryResult.payloads[0]);
      if (count !== 8) await sleepMs(100);
    }
    expect(count).toBe(8);
  });

  it('returns the history with enum names, payloads in base64 and the signal event', async () => {
    const { status, body } = await get(`/api/v1/namespaces/default/workflows/${wid}/history`);
    expect(status).toBe(200);
    const events: any[] = body.history.events;
    expect(events[0]).toMatchObject({ eventId: '1', eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED' });
    expect(decode(events[0].workflowExecutionStartedEventAttributes.input.payloads[0])).toBe(5);
    const signalled = events.find((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED');
    expect(signalled.workflowExecutionSignaledEventAttributes).toMatchObject({ signalName: 'increment', identity: 'curl' });
    // Query parameters fill nested fields: the run id and the page size.
    const runId = events[0].workflowExecutionStartedEventAttributes.originalExecutionRunId;
    const page = await get(`/namespaces/default/workflows/${wid}/history?execution.runId=${runId}&maximumPageSize=1`);
    expect(page.body.history.events).toHaveLength(1);
    expect(page.body.nextPageToken).toEqual(expect.any(String));
  });

  it('answers errors as {code, message, details} with the HTTP status of the gRPC code', async () => {
    const missing = await get('/api/v1/namespaces/default/workflows/no-such-workflow');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 5, message: expect.any(String) });
    const badJson = await fetch(`${base}/api/v1/namespaces/default/workflows/${wid}/signal/increment`, { method: 'POST', body: '{' });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ code: 3 });
    const badEnum = await post(`/api/v1/namespaces/default/workflows/x`, { workflowIdReusePolicy: 'NOPE' });
    expect(badEnum.status).toBe(400);
    expect(badEnum.body.message).toContain('workflowIdReusePolicy');
    // Batch operations are what the server does not implement (schedules are).
    const unimplemented = await get('/api/v1/namespaces/default/batch-operations');
    expect(unimplemented.status).toBe(501);
    expect((await fetch(`${base}/nothing-here`)).status).toBe(404);
  });

  it('reads --http-port, --ui-port and --headless in the CLI form (7243 and 8233 by default)', () => {
    expect(parseArgs(['server', 'start-dev'], {})).toMatchObject({ httpPort: 7243, uiPort: 8233 });
    const headless = parseArgs(['server', 'start-dev', '--port', '7300', '--headless', '--http-port', '7400'], {});
    expect(headless).toMatchObject({ httpPort: 7400, httpPortExplicit: true });
    expect(headless.uiPort).toBeUndefined();
    expect(parseArgs(['server', 'start-dev', '--ui-port', '9000', '--ui-ip', '0.0.0.0'], {})).toMatchObject({ uiPort: 9000, uiHost: '0.0.0.0' });
  });
});
