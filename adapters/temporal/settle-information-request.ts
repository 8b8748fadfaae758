import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { informationRequestWorkflowId, requestSettledSignal } from '../../workflows/information-request.contract.ts';

/**
 * Tells a request's emails workflow that the client answered (or the firm closed it), so its
 * reminder and overdue timers stop. Best effort: a request without a workflow (created by hand,
 * or before the workflow existed) or an unreachable Temporal is logged, not failed — the email
 * activities re-read the request and never remind a request that is no longer open.
 */
export async function settleInformationRequestWorkflow(temporal: { client: Client } | undefined, logger: Logger, requestId: string): Promise<void> {
  if (!temporal) return;
  try {
    await temporal.client.workflow.getHandle(informationRequestWorkflowId(requestId)).signal(requestSettledSignal);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return;
    logger.warn({ err: error, requestId }, 'could not signal the information request workflow; its activities will see the request is settled');
  }
}
