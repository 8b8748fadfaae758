import { ParentClosePolicy, WorkflowIdReusePolicy, log, patched, startChild } from '@temporalio/workflow';
import { informationRequestEmails } from './information-request.ts';
import { informationRequestWorkflowId } from './information-request.contract.ts';

/** The patch that added the information-request emails to the service line's command order. */
export const INFORMATION_REQUEST_EMAILS_PATCH = 'information-request-emails';

/**
 * Called by the service line after an occurrence created its information requests: starts one
 * `information-request/<id>` emails workflow per request. Behind `patched(...)`, so a service line
 * whose history was recorded before this change replays without these commands. The children are
 * abandoned by their parent: a request keeps its reminders when the line continues as new or the
 * mission ends. A child already started (the id is the request's) is left as it is.
 */
export async function startInformationRequestEmails(organisationId: string, requestIds: readonly string[]): Promise<void> {
  if (requestIds.length === 0 || !patched(INFORMATION_REQUEST_EMAILS_PATCH)) return;
  for (const requestId of requestIds) {
    try {
      await startChild(informationRequestEmails, {
        workflowId: informationRequestWorkflowId(requestId),
        args: [{ organisationId, requestId }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    } catch (error) {
      log.warn('information request emails workflow not started', { requestId, error: String(error) });
    }
  }
}
