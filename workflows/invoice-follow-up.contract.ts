/**
 * The contract of the invoice payment follow-up, shared by the workflow and the API: workflow
 * type, id derived from the invoice, input, signal and query. Names only change by addition.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';

export const INVOICE_FOLLOW_UP_WORKFLOW_TYPE = 'invoiceFollowUp';

/** `invoice/<invoiceId>`. */
export function invoiceWorkflowId(invoiceId: string): string {
  return `invoice/${invoiceId}`;
}

export interface InvoiceFollowUpInput {
  organisationId: string;
  invoiceId: string;
  /** Business date (`YYYY-MM-DD`, Europe/Paris) the invoice falls due. */
  dueDate: string;
  /** Days after the due date each reminder is sent, from the firm's settings when it was issued. */
  reminderOffsets: number[];
  /** What was due at issue, in cents. */
  outstandingCents: number;
}

/** A payment or a credit note changed what is still due; 0 closes the follow-up. */
export const settlementChangedSignal = defineSignal<[{ outstandingCents: number }]>('settlementChanged');

export interface InvoiceFollowUpState {
  outstandingCents: number;
  remindersSent: number[];
  status: 'waiting' | 'settled';
}

export const invoiceFollowUpStateQuery = defineQuery<InvoiceFollowUpState>('followUpState');
