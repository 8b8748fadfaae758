import { and, eq } from 'drizzle-orm';
import { createElement } from 'react';
import { ORGANISATION_TAG, type EmailSender } from '../../../adapters/email/email-sender.ts';
import type { Db } from '../../../db/client.ts';
import { organisations, prospectActions, prospects, users } from '../../../db/schema/index.ts';
import FollowUpReminder, { followUpReminderSubject } from '../../../emails/follow-up-reminder.tsx';
import { sendRenderedEmail } from '../../../emails/render-email.ts';
import { actionTypeLabels } from '../export-labels.ts';
import { dueInstantOf } from './action-due.ts';

export type FollowUpReminderResult =
  | { outcome: 'sent'; emailId: string; to: string }
  | { outcome: 'skipped'; reason: 'deleted' | 'done' | 'no_salesperson' }
  | { outcome: 'rescheduled'; dueAt: string };

/** The idempotency key of one reminder: one email per action and due instant, ever. */
export function followUpReminderKey(actionId: string, dueAt: string): string {
  return `follow-up-reminder/${actionId}/${dueAt}`;
}

const frenchDate = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * Sends the reminder of an overdue follow-up action to the prospect's operational salesperson,
 * once: the action is re-read first (deleted or done → nothing is sent; moved → the new due
 * instant is returned for the timer to wait again), and the email's idempotency key is derived
 * from the action and its due instant, so a retried activity never sends twice. Whether the
 * due instant has passed is the caller's (the durable timer's) decision, not this clock's.
 */
export async function sendFollowUpReminder(
  deps: { db: Db; emailSender: EmailSender; from: string; publicBaseUrl: string },
  input: { organisationId: string; actionId: string; dueAt: string },
): Promise<FollowUpReminderResult> {
  const [action] = await deps.db
    .select()
    .from(prospectActions)
    .where(and(eq(prospectActions.organisationId, input.organisationId), eq(prospectActions.id, input.actionId)));
  if (!action) return { outcome: 'skipped', reason: 'deleted' };
  if (action.status === 'done') return { outcome: 'skipped', reason: 'done' };
  const dueAt = dueInstantOf(action).toISOString();
  if (dueAt !== input.dueAt) return { outcome: 'rescheduled', dueAt };

  const [target] = await deps.db
    .select({ prospect: prospects, salesperson: users, organisationName: organisations.name })
    .from(prospects)
    .innerJoin(users, eq(users.id, prospects.operationalSalespersonId))
    .innerJoin(organisations, eq(organisations.id, prospects.organisationId))
    .where(and(eq(prospects.organisationId, input.organisationId), eq(prospects.id, action.prospectId)));
  if (!target || target.salesperson.deactivatedAt) return { outcome: 'skipped', reason: 'no_salesperson' };

  const actionType = actionTypeLabels[action.actionType];
  const props = {
    firm: { name: target.organisationName },
    salespersonFirstName: target.salesperson.firstName,
    prospectName: target.prospect.companyName,
    actionType,
    dueDate: `${frenchDate.format(new Date(`${action.dueDate}T00:00:00Z`))}${action.dueTime ? ` à ${action.dueTime.replace(':', 'h')}` : ''}`,
    ...(action.description ? { note: action.description } : {}),
    prospectUrl: new URL(`/prospects/${target.prospect.id}`, deps.publicBaseUrl).toString(),
  };
  const sent = await sendRenderedEmail(deps.emailSender, createElement(FollowUpReminder, props), {
    from: deps.from,
    to: [target.salesperson.email],
    subject: followUpReminderSubject(props),
    tags: { kind: 'follow-up-reminder', [ORGANISATION_TAG]: input.organisationId },
    idempotencyKey: followUpReminderKey(action.id, dueAt),
  });
  return { outcome: 'sent', emailId: sent.id, to: target.salesperson.email };
}
