import { ApplicationFailure } from '@temporalio/activity';
import { AppError } from '../domain/errors.ts';
import { sendInvoiceReminder, type InvoiceReminderResult } from '../domain/invoicing/send-invoice-reminder.ts';
import type { ActivityDeps } from './index.ts';

/** The invoice follow-up's activities. */
export function createInvoicingActivities(deps: ActivityDeps) {
  return {
    /**
     * Sends one payment reminder of an invoice (and, at the last step, the assignee's task),
     * once per invoice and step however often it is retried; answers `settled` when the invoice
     * no longer owes anything. Business refusals are final (non-retryable).
     */
    async sendInvoiceReminder(input: { organisationId: string; invoiceId: string; offsetDays: number; last: boolean }): Promise<InvoiceReminderResult> {
      try {
        const result = await sendInvoiceReminder({ db: deps.db, emailSender: deps.emailSender, from: deps.config.EMAIL_FROM }, input);
        deps.logger.info({ invoiceId: input.invoiceId, offsetDays: input.offsetDays, outcome: result.outcome }, 'invoice reminder');
        return result;
      } catch (error) {
        if (error instanceof AppError) throw ApplicationFailure.nonRetryable(error.message, error.code);
        throw error;
      }
    },
  };
}

export type InvoicingActivities = ReturnType<typeof createInvoicingActivities>;
