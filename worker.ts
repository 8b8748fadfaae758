import { Worker, type NativeConnection } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from './activities/index.ts';
import type { TemporalSettings } from './temporal.config.ts';
import { workflowBundle } from './workflow-bundle.ts';

export { workflowsPath } from './workflow-bundle.ts';

/**
 * Creates the product's worker on the shared task queue: every workflow and activity, from the
 * cached workflow bundle (built first if the workflows changed).
 */
export async function createWorker(connection: NativeConnection, settings: TemporalSettings, deps: ActivityDeps, options: { taskQueue?: string } = {}) {
  return Worker.create({
    connection,
    namespace: settings.namespace,
    taskQueue: options.taskQueue ?? settings.taskQueue,
    workflowBundle: await workflowBundle({ onBuild: (reason) => deps.logger.info({ reason }, 'building the workflow bundle') }),
    activities: createActivities(deps),
    maxConcurrentActivityTaskExecutions: settings.worker.maxConcurrentActivityTaskExecutions,
    maxConcurrentWorkflowTaskExecutions: settings.worker.maxConcurrentWorkflowTaskExecutions,
    shutdownGraceTime: settings.worker.shutdownGraceTime,
    // TEMPORAL_WORKER_CACHED_WORKFLOWS, capped by the heap limit (temporal.config.ts, cachedWorkflowsFor).
    maxCachedWorkflows: settings.worker.maxCachedWorkflows,
  });
}
