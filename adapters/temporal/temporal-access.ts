import type { Client } from '@temporalio/client';

/**
 * How the API side reaches Temporal: a client and the task queue workflows are started on, plus a
 * readiness probe. Absent when the API runs without Temporal (some HTTP tests); the adapters of
 * this folder then refuse (commands) or only log (reminders).
 */
export interface TemporalAccess {
  client: Client;
  taskQueue: string;
  ping(): Promise<void>;
}
