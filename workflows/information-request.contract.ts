import { defineQuery, defineSignal } from '@temporalio/workflow';

/**
 * The stable names of the information-request emails workflow, shared by the service line (which
 * starts it), the API and the pages (which signal it) and the workflow itself.
 */
export const informationRequestEmailsWorkflowType = 'informationRequestEmails';

/** One emails workflow per information request. */
export function informationRequestWorkflowId(requestId: string): string {
  return `information-request/${requestId}`;
}

/** What starts it: the request (its due date, reminder setting and contact are read by the first activity). */
export interface InformationRequestEmailsInput {
  organisationId: string;
  requestId: string;
}

/** The client answered (or the firm closed the request): no reminder, no overdue email. */
export const requestSettledSignal = defineSignal('requestSettled');

/** Where the workflow stands, for operators and tests. */
export interface InformationRequestEmailsState {
  requestId: string;
  phase: 'creation' | 'waiting-reminder' | 'waiting-overdue' | 'settled' | 'done';
  reminderAt: string | null;
  overdueAt: string | null;
}
export const informationRequestEmailsStateQuery = defineQuery<InformationRequestEmailsState>('informationRequestEmailsState');
