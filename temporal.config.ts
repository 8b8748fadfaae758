import { getHeapStatistics } from 'node:v8';
import type { Duration } from '@temporalio/common';
import type { Config } from './config.ts';

/**
 * Temporal settings shared by the worker, the API and the tests: where the cluster is, which
 * namespace and task queue the product uses, and how the worker is sized.
 */
export interface TemporalSettings {
  /** `host:port` of the frontend; undefined means "start the embedded dev server". */
  address: string | undefined;
  namespace: string;
  taskQueue: string;
  tls: boolean;
  apiKey: string | undefined;
  devServer: { port: number; timeSkipping: boolean };
  worker: {
    maxConcurrentActivityTaskExecutions: number;
    maxConcurrentWorkflowTaskExecutions: number;
    shutdownGraceTime: Duration;
    maxCachedWorkflows: number;
  };
}

/** Workflow-type-independent defaults, in one place so operators find them. */
export function temporalSettings(config: Config): TemporalSettings {
  return {
    address: config.TEMPORAL_ADDRESS,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    tls: config.TEMPORAL_TLS,
    apiKey: config.TEMPORAL_API_KEY,
    devServer: { port: config.TEMPORAL_DEV_SERVER_PORT, timeSkipping: config.TEMPORAL_DEV_TIME_SKIPPING },
    worker: {
      maxConcurrentActivityTaskExecutions: 20,
      maxConcurrentWorkflowTaskExecutions: 40,
      shutdownGraceTime: '10s',
      maxCachedWorkflows: Math.min(config.TEMPORAL_WORKER_CACHED_WORKFLOWS, cachedWorkflowsFor(getHeapStatistics().heap_size_limit)),
    },
  };
}

/**
 * What one cached workflow holds in the workflow thread's heap, rounded up from bench:engine
 * (README, "Where the engine's time goes"): 3,000 cached workflows overflowed a 384 MiB heap,
 * 1,500 did not.
 */
export const CACHED_WORKFLOW_BYTES = 256 * 1024;
/** What the workflow thread's heap holds with no workflow cached: the bundle, the SDK, V8's own. */
const WORKFLOW_THREAD_BASE_BYTES = 128 * 1024 * 1024;

/**
 * The most workflows the worker may cache under a heap limit. The workflow thread has the
 * process's heap limit (`--max-old-space-size`): a cache larger than that heap holds stops the
 * worker with `ERR_WORKER_OUT_OF_MEMORY` on the day enough workflows are open at once, so
 * TEMPORAL_WORKER_CACHED_WORKFLOWS is capped here (the worker logs the size it runs with).
 */
export function cachedWorkflowsFor(heapSizeLimitBytes: number): number {
  return Math.max(10, Math.floor((heapSizeLimitBytes - WORKFLOW_THREAD_BASE_BYTES) / CACHED_WORKFLOW_BYTES));
}

/** Search attributes the product registers so operators can find workflows in the Temporal UI. */
export const searchAttributes = {
  OrganizationId: 'Keyword',
  ClientId: 'Keyword',
  MissionStatus: 'Keyword',
  QuoteStatus: 'Keyword',
  QuoteNumber: 'Keyword',
} as const;
