import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { InvoicingActivities } from '../activities/invoicing.ts';
import { addDays } from '../domain/calendar/iso-date.ts';
import { startOfBusinessDay } from '../domain/calendar/paris-time.ts';
import { invoiceFollowUpStateQuery, settlementChangedSignal, type InvoiceFollowUpInput, type InvoiceFollowUpState } from './invoice-follow-up.contract.ts';

/** Sending one reminder is quick; retries back off up to ten minutes and go on until it works. */
const activityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
} as const;

const { sendInvoiceReminder } = proxyActivities<InvoicingActivities>(activityOptions);

/** Reminders go out at 09:00 Paris time on their day. */
const REMINDER_HOUR_MS = 9 * 3_600_000;

/** The follow-up's state: what is due and which reminders went out. */
class FollowUp {
  readonly state: InvoiceFollowUpState;

  constructor(outstandingCents: number) {
    this.state = { outstandingCents, remindersSent: [], status: outstandingCents > 0 ? 'waiting' : 'settled' };
  }

  settlementChanged(outstandingCents: number): void {
    this.state.outstandingCents = outstandingCents;
    if (outstandingCents <= 0) this.state.status = 'settled';
  }

  get settled(): boolean {
    return this.state.status === 'settled';
  }
}

/**
 * The payment follow-up of one issued invoice (workflow id `invoice/<id>`): waits for payment;
 * once the due date has passed unpaid, sends each reminder the firm configured on its day
 * (due date + offset, 09:00 Paris), the last one with a task for the assignee. A payment or a
 * credit note signals what is still due: nothing left ends the follow-up, something left lets
 * the next reminders go (for the rest). The reminder activity re-reads the invoice, so a lost
 * signal can never send a reminder for a settled invoice.
 */
export async function invoiceFollowUp(input: InvoiceFollowUpInput): Promise<InvoiceFollowUpState> {
  const followUp = new FollowUp(input.outstandingCents);
  setHandler(settlementChangedSignal, ({ outstandingCents }) => followUp.settlementChanged(outstandingCents));
  setHandler(invoiceFollowUpStateQuery, () => followUp.state);

  const offsets = [...input.reminderOffsets].sort((a, b) => a - b);
  for (const [index, offsetDays] of offsets.entries()) {
    const fireAt = Date.parse(startOfBusinessDay(addDays(input.dueDate, offsetDays))) + REMINDER_HOUR_MS;
    const wait = fireAt - Date.now();
    if (wait > 0) await condition(() => followUp.settled, wait);
    if (followUp.settled) return followUp.state;
    const result = await sendInvoiceReminder({ organisationId: input.organisationId, invoiceId: input.invoiceId, offsetDays, last: index === offsets.length - 1 });
    if (result.outcome === 'settled') {
      followUp.settlementChanged(0);
      return followUp.state;
    }
    followUp.state.outstandingCents = result.outstandingCents;
    followUp.state.remindersSent.push(offsetDays);
  }
  // Every reminder went out: the follow-up stays open until the invoice is paid or credited.
  await condition(() => followUp.settled);
  return followUp.state;
}
