import { and, eq, isNull } from 'drizzle-orm';
import type { ReactElement } from 'react';
import { ORGANISATION_TAG, type EmailSender } from '../../adapters/email/email-sender.ts';
import type { Db } from '../../db/client.ts';
import { renderEmail } from '../../emails/render-email.ts';
import { clients, firms, missions, organisations, users } from '../../db/schema/index.ts';
import type { MissionView } from './mission-view.ts';

/** Who a mission's alerts go to, and what they say of it (overdue letter, signature ended). */
export interface MissionAlertRecipient {
  email: string;
  firstName: string;
  clientName: string;
  firm: { name: string; address?: string };
}

/**
 * The mission's assignee (an active user with an email) and the names the alert emails print;
 * null when nobody can be alerted.
 */
export async function missionAlertRecipient(db: Db, mission: Pick<MissionView, 'id' | 'organisationId' | 'assigneeUserId'>): Promise<MissionAlertRecipient | null> {
  if (!mission.assigneeUserId) return null;
  const [context] = await db
    .select({ clientName: clients.name, organisationName: organisations.name, firmName: firms.name, firmAddress: firms.address })
    .from(missions)
    .innerJoin(clients, eq(clients.id, missions.clientId))
    .innerJoin(organisations, eq(organisations.id, missions.organisationId))
    .leftJoin(firms, eq(firms.id, missions.firmId))
    .where(eq(missions.id, mission.id));
  const [assignee] = await db
    .select({ email: users.email, firstName: users.firstName })
    .from(users)
    .where(and(eq(users.organisationId, mission.organisationId), eq(users.id, mission.assigneeUserId), isNull(users.deactivatedAt)));
  if (!assignee || !context) return null;
  return {
    email: assignee.email,
    firstName: assignee.firstName,
    clientName: context.clientName,
    firm: { name: context.firmName ?? context.organisationName, ...(context.firmAddress ? { address: context.firmAddress } : {}) },
  };
}

/** One alert email about a mission: the React Email element, its subject, its tag and its idempotency key. */
export interface MissionAlertEmail {
  element: ReactElement;
  subject: string;
  kind: string;
  idempotencyKey: string;
}

/** Emails a mission's assignee (tagged with the organisation, so its administrators see it in the outbox). */
export async function alertMissionAssignee(deps: { emailSender: EmailSender; from: string }, organisationId: string, recipient: MissionAlertRecipient, email: MissionAlertEmail): Promise<void> {
  const { html, text } = await renderEmail(email.element);
  await deps.emailSender.send({
    from: deps.from,
    to: [recipient.email],
    subject: email.subject,
    html,
    text,
    tags: { kind: email.kind, [ORGANISATION_TAG]: organisationId },
    idempotencyKey: email.idempotencyKey,
  });
}
