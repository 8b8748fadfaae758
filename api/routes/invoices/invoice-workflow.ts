/**
 * The API's side of the invoice follow-up: starting `invoice/<id>` when an invoice is issued and
 * telling it when a payment or a credit note changes what is due. A missed signal is harmless
 * (the reminder activity re-reads the invoice), so failures to signal are logged, not raised.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { searchAttributeKeys } from '../../../workflows/mission.contract.ts';
import {
  INVOICE_FOLLOW_UP_WORKFLOW_TYPE,
  invoiceWorkflowId,
  settlementChangedSignal,
  type InvoiceFollowUpInput,
  type InvoiceFollowUpState,
} from '../../../workflows/invoice-follow-up.contract.ts';
import type { InvoiceView } from '../../../domain/invoicing/invoice-view.ts';
import type { InvoiceSnapshot } from '../../../domain/invoicing/issue-invoice.ts';
import type { AppDeps } from '../../context.ts';

type InvoiceFollowUpWorkflow = (input: InvoiceFollowUpInput) => Promise<InvoiceFollowUpState>;

/** Starts the follow-up of an issued invoice (never twice for one invoice). No-op without Temporal or for credit notes. */
export async function startInvoiceFollowUp(deps: AppDeps, invoice: InvoiceView): Promise<void> {
  if (!deps.temporal || invoice.kind === 'credit_note') return;
  const snapshot = invoice.snapshot as unknown as InvoiceSnapshot;
  try {
    await deps.temporal.client.workflow.start<InvoiceFollowUpWorkflow>(INVOICE_FOLLOW_UP_WORKFLOW_TYPE, {
      taskQueue: deps.temporal.taskQueue,
      workflowId: invoiceWorkflowId(invoice.id),
      args: [{ organisationId: invoice.organisationId, invoiceId: invoice.id, dueDate: invoice.dueDate!, reminderOffsets: snapshot.reminderOffsets, outstandingCents: invoice.outstandingCents }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: searchAttributeKeys.organizationId, value: invoice.organisationId },
        { key: searchAttributeKeys.clientId, value: invoice.clientId },
      ],
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return;
    deps.logger.error({ err: error, invoiceId: invoice.id }, 'could not start the invoice follow-up');
  }
}

/** Tells an invoice's follow-up what is still due after a payment or a credit note. */
export async function signalSettlementChanged(deps: AppDeps, invoiceId: string, outstandingCents: number): Promise<void> {
  if (!deps.temporal) return;
  try {
    await deps.temporal.client.workflow.getHandle(invoiceWorkflowId(invoiceId)).signal(settlementChangedSignal, { outstandingCents });
  } catch (error) {
    deps.logger.warn({ err: error, invoiceId }, 'could not signal the invoice follow-up');
  }
}
