import { and, eq } from 'drizzle-orm';
import { createElement } from 'react';
import { ORGANISATION_TAG, type EmailSender } from '../../adapters/email/email-sender.ts';
import type { Db } from '../../db/client.ts';
import { invoiceReminders, invoices, tasks } from '../../db/schema/index.ts';
import InvoiceReminderEmail from '../../emails/invoice-reminder.tsx';
import { renderEmail } from '../../emails/render-email.ts';
import { invoiceStatusGroups, outstandingCents } from './invoice-lifecycle.ts';
import type { InvoiceSnapshot } from './issue-invoice.ts';
import { findInvoicingSettings } from './invoicing-settings.ts';
import { formatEuros, formatFrenchDate, invoiceTextScope, renderInvoicingText } from './render-invoice-text.ts';
import { businessDateOf } from '../calendar/paris-time.ts';

export type InvoiceReminderResult =
  | { outcome: 'sent'; emailId: string | null; taskId: string | null; outstandingCents: number }
  | { outcome: 'settled' };

/** The idempotency key of one reminder: one email per invoice and step, ever. */
export function invoiceReminderKey(invoiceId: string, offsetDays: number): string {
  return `invoice-reminder/${invoiceId}/${offsetDays}`;
}

/**
 * Sends one payment reminder of an invoice, once: re-reads the invoice (paid or cancelled →
 * nothing is sent), renders the firm's template of that step (subject and body are Liquid the
 * firm edits in its invoicing settings) for what is still due, and emails the client's billing
 * contact; at the last step it also raises a task for the invoice's assignee. The step is
 * recorded in `invoice_reminders` in the same transaction as the task, and the email carries an
 * idempotency key, so a retried activity neither emails twice nor creates a second task.
 */
export async function sendInvoiceReminder(
  deps: { db: Db; emailSender: EmailSender; from: string },
  input: { organisationId: string; invoiceId: string; offsetDays: number; last: boolean },
  now = new Date(),
): Promise<InvoiceReminderResult> {
  return deps.db.transaction(async (tx) => {
    const [invoice] = await tx.select().from(invoices).where(and(eq(invoices.organisationId, input.organisationId), eq(invoices.id, input.invoiceId))).for('update');
    if (!invoice || !(invoiceStatusGroups.outstanding as readonly string[]).includes(invoice.status)) return { outcome: 'settled' as const };
    const due = outstandingCents(invoice);
    const [already] = await tx.select().from(invoiceReminders).where(and(eq(invoiceReminders.invoiceId, invoice.id), eq(invoiceReminders.offsetDays, input.offsetDays)));
    if (already) return { outcome: 'sent' as const, emailId: already.emailId, taskId: already.taskId, outstandingCents: due };

    const snapshot = invoice.snapshot as unknown as InvoiceSnapshot;
    const { settings } = await findInvoicingSettings(tx, input.organisationId, invoice.firmId);
    const step = settings.reminderSteps.find((candidate) => candidate.offsetDays === input.offsetDays);
    const scope = invoiceTextScope(invoice, snapshot, due);
    let taskId: string | null = null;
    if (input.last && invoice.assigneeUserId) {
      const [task] = await tx
        .insert(tasks)
        .values({
          organisationId: input.organisationId,
          clientId: invoice.clientId,
          source: 'manual',
          title: `Facture ${invoice.number} impayée après la dernière relance`,
          description: `Reste dû : ${formatEuros(due)} (échéance du ${formatFrenchDate(invoice.dueDate!)}). Contacter le client ou engager le recouvrement.`,
          assigneeUserId: invoice.assigneeUserId,
          dueDate: businessDateOf(now),
        })
        .returning({ id: tasks.id });
      taskId = task!.id;
    }
    let emailId: string | null = null;
    const to = snapshot.buyer.email;
    if (step && to) {
      const subject = await renderInvoicingText(step.subject, scope, true);
      const body = await renderInvoicingText(step.body, scope);
      const { html, text } = await renderEmail(createElement(InvoiceReminderEmail, { firm: { name: snapshot.seller.name }, body }));
      const sent = await deps.emailSender.send({
        from: deps.from,
        to: [to],
        ...(snapshot.seller.email ? { replyTo: snapshot.seller.email } : {}),
        subject,
        html,
        text,
        tags: { kind: 'invoice-reminder', [ORGANISATION_TAG]: input.organisationId },
        idempotencyKey: invoiceReminderKey(invoice.id, input.offsetDays),
      });
      emailId = sent.id;
    }
    await tx.insert(invoiceReminders).values({ invoiceId: invoice.id, offsetDays: input.offsetDays, organisationId: input.organisationId, emailId, taskId });
    return { outcome: 'sent' as const, emailId, taskId, outstandingCents: due };
  });
}
