import { readlinkSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { AppError } from '../errors.ts';
import { validateTemplate } from '../templates/validate-template.ts';
import { renderTemplatePreviewDocument } from './preview-firm-template.ts';
import type { TemplateJob, WorkerMessage } from './template-render-pool.ts';

/**
 * A template pool worker thread (see `template-render-pool.ts`): it runs one job at a time and
 * posts its outcome. First it posts its Linux thread id, so the pool can read the thread's CPU
 * time in `/proc/self/task/<tid>/schedstat`.
 */
function threadId(): number | null {
  try {
    // "<pid>/task/<tid>"
    return Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return null;
  }
}

async function run(job: TemplateJob): Promise<unknown> {
  if (job.task === 'validate') return validateTemplate(job.kind, job.body);
  return renderTemplatePreviewDocument(job.input);
}

const port = parentPort;
if (!port) throw new Error('template-render-worker.ts runs as a worker thread');
port.on('message', (job: TemplateJob) => {
  run(job).then(
    (value) => port.postMessage({ type: 'done', value } satisfies WorkerMessage),
    (error: unknown) =>
      port.postMessage(
        (error instanceof AppError
          ? { type: 'refused', code: error.code, message: error.message, details: { ...error.details, reason: error.reason } }
          : { type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }) satisfies WorkerMessage,
      ),
  );
});
port.postMessage({ type: 'ready', tid: threadId() } satisfies WorkerMessage);
