import type { Config } from './config.ts';
import type { Duration } from '@temporalio/common';

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
      maxCachedWorkflows: config.TEMPORAL_WORKER_CACHED_WORKFLOWS,
    },
  };
}

/** Search attributes the product registers so operators can find workflows in the Temporal UI. */
export const searchAttributes = {
  OrganizationId: 'Keyword',
  ClientId: 'Keyword',
  MissionStatus: 'Keyword',
  QuoteStatus: 'Keyword',
  QuoteNumber: 'Keyword',
} as const;
